// Adapters between asyncio streams and Node streams, both ways, with back-pressure both ways.
//
//   open_node_reader(readable)  → StreamReader   (connect_read_pipe + StreamReaderProtocol:
//       the reader pauses the Node stream while its buffer holds more than 2 × limit)
//   open_node_writer(writable)  → StreamWriter   (connect_write_pipe: drain() waits while
//       Node holds more than the high-water mark)
//   to_node_readable(reader)    → Readable       (reads from the StreamReader only when Node
//       asks for data: a slow consumer stops the reads)
//   to_node_writable(writer)    → Writable       (a chunk is acknowledged once write() and
//       drain() are done: a slow asyncio side stops Node's pipeline)
//
// The first two are loop calls like open_connection (await them in a coroutine). The other
// two run the StreamReader/StreamWriter's coroutines on its loop through
// run_coroutine_threadsafe, so Node code (pipeline(), pipe(), for await) can use them
// while that loop runs.
import type { Readable, Writable } from "node:stream";
import { lazyBuiltin } from "./host.js";
import { Coroutine } from "./coroutines.js";
import { get_running_loop } from "./events.js";
import { run_coroutine_threadsafe } from "./interop.js";
import { FlowControlMixin, StreamReader, StreamReaderProtocol, StreamWriter, _DEFAULT_LIMIT } from "./streams.js";
import type { Future } from "./futures.js";
import type { AbstractEventLoop } from "./events.js";

type Gen<T> = Generator<unknown, T, any>;
/** Node's streams load with the first adapter made (most programs make none). */
const stream = lazyBuiltin<typeof import("node:stream")>("node:stream");

/** The protocol of a write-only pipe: flow control, and wait_closed() once the pipe is done. */
class WritePipeProtocol extends FlowControlMixin {
  private _closed: Future<null>;
  constructor(loop: AbstractEventLoop) {
    super(loop);
    this._closed = loop.create_future<null>();
  }
  override connection_lost(exc: Error | null): void {
    super.connection_lost(exc);
    if (this._closed.done()) return;
    if (exc === null) this._closed.set_result(null);
    else {
      this._closed.set_exception(exc);
      this._closed._log_traceback = false;
    }
  }
  /** @internal */ override _get_close_waiter(_stream: StreamWriter): Future<null> {
    return this._closed;
  }
}

/** A StreamReader fed by a Node Readable (fs.createReadStream, zlib, an HTTP body, process.stdin). */
export function open_node_reader(readable: Readable, opts: { limit?: number } = {}): Coroutine<StreamReader> {
  return new Coroutine(openReader(readable, opts.limit ?? _DEFAULT_LIMIT), "open_node_reader");
}

function* openReader(readable: Readable, limit: number): Gen<StreamReader> {
  const loop = get_running_loop() as AbstractEventLoop;
  const reader = new StreamReader({ limit, loop });
  yield loop.connect_read_pipe(() => new StreamReaderProtocol(reader, null, loop), readable);
  return reader;
}

/** A StreamWriter that writes to a Node Writable (fs.createWriteStream, zlib, an HTTP response, process.stdout). */
export function open_node_writer(writable: Writable): Coroutine<StreamWriter> {
  return new Coroutine(openWriter(writable), "open_node_writer");
}

function* openWriter(writable: Writable): Gen<StreamWriter> {
  const loop = get_running_loop() as AbstractEventLoop;
  const [transport, protocol] = yield loop.connect_write_pipe(() => new WritePipeProtocol(loop), writable);
  return new StreamWriter(transport, protocol, null, loop);
}

/** A Node Readable of the bytes a StreamReader gives, read only as fast as Node consumes them. */
export function to_node_readable(reader: StreamReader, opts: { chunk_size?: number } = {}): Readable {
  const loop = reader._loop;
  const size = opts.chunk_size ?? reader._limit;
  return new (stream().Readable)({
    read() {
      run_coroutine_threadsafe(reader.read(size), loop).then(
        (chunk) => this.push(chunk.length ? chunk : null),
        (err) => this.destroy(err),
      );
    },
  });
}

/** A Node Writable that writes through a StreamWriter; each chunk is acknowledged after drain(). */
export function to_node_writable(writer: StreamWriter): Writable {
  const loop = writer._loop;
  return new (stream().Writable)({
    write(chunk: Buffer, _encoding, callback) {
      run_coroutine_threadsafe(new Coroutine(writeAndDrain(writer, chunk), "write"), loop).then(() => callback(), callback);
    },
    final(callback) {
      run_coroutine_threadsafe(new Coroutine(closeWriter(writer), "close"), loop).then(() => callback(), callback);
    },
  });
}

function* writeAndDrain(writer: StreamWriter, chunk: Uint8Array): Gen<void> {
  writer.write(chunk);
  yield writer.drain();
}

function* closeWriter(writer: StreamWriter): Gen<void> {
  writer.close();
  yield writer.wait_closed();
}
