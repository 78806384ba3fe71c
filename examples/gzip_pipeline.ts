// Gzip a file through a pipeline of coroutines, with back-pressure end to end:
//   file → StreamReader → [number the lines] → Queue → [compress] → zlib → StreamReader → [save] → file
// Run: asyncts run examples/gzip_pipeline.ts INPUT OUTPUT.gz
import * as asyncio from "asyncts";
import { print } from "asyncts";
import { createReadStream, createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";

async function numberLines(source: asyncio.StreamReader, lines: asyncio.Queue<Uint8Array | null>) {
  let n = 0;
  for await (const line of source) {
    n++;
    await lines.put(Buffer.concat([asyncio.bytes(`${n}: `), line])); // a bounded queue: a slow compressor stops the reading
  }
  await lines.put(null);
  return n;
}

async function compress(lines: asyncio.Queue<Uint8Array | null>, gzip: asyncio.StreamWriter) {
  let batch: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const line = await lines.get();
    if (line !== null) {
      batch.push(line);
      size += line.length;
    }
    // zlib works in a thread per write: hand it 64 KiB at a time, not line by line.
    if (size >= 65536 || (line === null && size > 0)) {
      gzip.writelines(batch);
      batch = [];
      size = 0;
      await gzip.drain(); // waits while zlib holds more than the high-water mark
    }
    if (line === null) break;
  }
  gzip.close();
  await gzip.wait_closed();
}

async function save(compressed: asyncio.StreamReader, file: asyncio.StreamWriter) {
  let total = 0;
  for (let chunk; (chunk = await compressed.read(65536)).length; ) {
    total += chunk.length;
    file.write(chunk);
    await file.drain();
  }
  file.close();
  await file.wait_closed();
  return total;
}

async function main(input: string, output: string) {
  const zlib = createGzip();
  const source = await asyncio.open_node_reader(createReadStream(input));
  const gzipIn = await asyncio.open_node_writer(zlib);
  const gzipOut = await asyncio.open_node_reader(zlib);
  const file = await asyncio.open_node_writer(createWriteStream(output));
  const lines = new asyncio.Queue<Uint8Array | null>(16);
  const [n, , bytes] = await asyncio.gather(numberLines(source, lines), compress(lines, gzipIn), save(gzipOut, file));
  print(`${n} lines, ${bytes} bytes gzipped`);
}

asyncio.run(main(process.argv[2], process.argv[3]));
