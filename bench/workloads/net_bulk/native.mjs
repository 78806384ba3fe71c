// net_bulk: N MiB sent over loopback with write + 'drain' and echoed back (stream pipe), raw node:net.
import * as net from "node:net";

const mib = Number(process.argv[2] ?? 64);
const total = mib * 1024 * 1024;
const server = net.createServer({ allowHalfOpen: true }, (s) => s.pipe(s));
server.listen(0, "127.0.0.1", () => {
  const client = net.connect({ port: server.address().port, host: "127.0.0.1", allowHalfOpen: true }, () => {
    const chunk = Buffer.alloc(65536, 120);
    const t0 = performance.now();
    let sent = 0, received = 0;
    const send = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!client.write(chunk)) return void client.once("drain", send);
      }
      client.end();
    };
    client.on("data", (d) => (received += d.length));
    client.on("end", () => {
      const seconds = (performance.now() - t0) / 1000;
      console.log(JSON.stringify({ checksum: received, seconds, extra: { mib_per_s: mib / seconds } }));
      server.close();
    });
    send();
  });
});
