import { createServer } from 'node:http'
console.log(process.getActiveResourcesInfo())
const s = createServer(); await new Promise<void>(r => s.listen(0, '127.0.0.1', r))
console.log(process.getActiveResourcesInfo())
