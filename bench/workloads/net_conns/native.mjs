// net_conns: N concurrent loopback connections, each sending 20 lines and reading each echo, raw node:net.
import * as net from "node:net";

const n = Number(process.argv[2] ?? 1000);
const server = net.createServer((s) => {
  s.setNoDelay(true);
  s.on("data", (d) => s.write(d));
  s.on("end", () => s.end());
});
server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
  const port = server.address().port;
  const t0 = performance.now();
  let finished = 0, checksum = 0;
  for (let i = 0; i < n; i++) {
    const c = net.connect(port, "127.0.0.1", () => {
      c.setNoDelay(true);
      let j = 0, buf = "";
      const send = () => c.write(`client ${i} line ${j}\n`);
      c.on("data", (d) => {
        buf += d;
        let k;
        while ((k = buf.indexOf("\n")) >= 0) {
          if (buf.slice(0, k + 1) === `client ${i} line ${j}\n`) checksum++;
          buf = buf.slice(k + 1);
          if (++j === 20) {
            c.end();
            if (++finished === n) {
              const seconds = (performance.now() - t0) / 1000;
              console.log(JSON.stringify({ checksum, seconds, extra: {} }));
              server.close();
            }
            return;
          }
          send();
        }
      });
      send();
    });
  }
});
