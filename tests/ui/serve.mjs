// Starts `storyline serve` on a free port of 127.0.0.1 over `db` and resolves
// with the server process and its URL once it prints it.
import { spawn } from 'node:child_process';

export function startServer(binary, db) {
  const server = spawn(binary, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({ server, url: m[1] });
    });
    server.on('exit', (code) => reject(new Error(`storyline serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('storyline serve printed no URL')), 20000);
  });
}
