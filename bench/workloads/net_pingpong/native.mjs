// net_pingpong: N round trips of a 1 KiB message over one loopback TCP connection, raw node:net.
import * as net from "node:net";

const SIZE = 1024;
const n = Number(process.argv[2] ?? 20000);
const server = net.createServer((s) => {
  s.setNoDelay(true);
  s.on("data", (d) => s.write(d));
  s.on("end", () => s.end());
});
server.listen(0, "127.0.0.1", () => {
  const client = net.connect(server.address().port, "127.0.0.1", () => {
    client.setNoDelay(true);
    const msg = Buffer.alloc(SIZE, 120);
    let got = 0, done = 0, checksum = 0;
    const t0 = performance.now();
    client.on("data", (d) => {
      got += d.length;
      while (got >= SIZE) {
        got -= SIZE;
        checksum += SIZE;
        if (++done === n) {
          const seconds = (performance.now() - t0) / 1000;
          console.log(JSON.stringify({ checksum, seconds, extra: { round_trips_per_s: n / seconds } }));
          client.end();
          server.close();
          return;
        }
        client.write(msg);
      }
    });
    client.write(msg);
  });
});
