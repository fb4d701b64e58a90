// A typed in-memory table with auto-increment ids, the building block of the
// sandbox's store. Records are plain objects; callers get copies-by-reference
// and must go through the table to insert or delete.

export interface Row {
  id: number
}

export class Table<T extends Row> {
  private rows = new Map<number, T>()
  private nextId = 1

  constructor (rows: readonly T[] = []) {
    for (const row of rows) this.put(row)
  }

  /** Insert a record under its own id (seeding); later inserts continue after the highest id. */
  put (row: T): T {
    this.rows.set(row.id, row)
    this.nextId = Math.max(this.nextId, row.id + 1)
    return row
  }

  /** Insert a new record, giving it the next id. */
  insert (row: Omit<T, 'id'>): T {
    const full = { ...row, id: this.nextId } as T
    return this.put(full)
  }

  get (id: number): T | undefined {
    return this.rows.get(id)
  }

  delete (id: number): boolean {
    return this.rows.delete(id)
  }

  /** Every record, by ascending id. */
  all (): T[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id)
  }

  find (predicate: (row: T) => boolean): T | undefined {
    return this.all().find(predicate)
  }

  filter (predicate: (row: T) => boolean): T[] {
    return this.all().filter(predicate)
  }
}
