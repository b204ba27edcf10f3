"""A small hostile HTTP server for the client's tests: it answers every request with what its
``script`` says, byte by byte if asked, and records what it received.

Only ever on 127.0.0.1, port 0 (a free port); ``stop()`` ends it and every handler still sending
(trickling handlers check a stop event between bytes and give up after ``max_seconds``).
"""

import socketserver
import threading
import time
from urllib.parse import parse_qsl


class Answer:
    """What to send: a status, headers, a body; ``trickle`` 'headers' or 'body' sends that part one
    byte every ``interval`` seconds (at most ``max_seconds`` long)."""

    def __init__(self, status=200, body=b'', headers=None, reason='OK', trickle=None, interval=1.0, max_seconds=20):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode('utf-8')
        self.headers = dict(headers or {})
        self.reason = reason
        self.trickle = trickle
        self.interval = interval
        self.max_seconds = max_seconds

    def head_bytes(self):
        headers = dict({'Content-Type': 'application/json', 'Content-Length': str(len(self.body)),
                        'Connection': 'close'}, **self.headers)
        lines = ['HTTP/1.1 %d %s' % (self.status, self.reason)] + ['%s: %s' % item for item in headers.items()]
        return ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1')


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        server = self.server
        self.request.settimeout(10)
        data = b''
        try:
            while b'\r\n\r\n' not in data:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _sep, body = data.partition(b'\r\n\r\n')
            lines = head.decode('latin-1').split('\r\n')
            method, target, _version = lines[0].split(' ', 2)
            headers = dict((name.strip().lower(), value.strip()) for name, value in
                           (line.split(':', 1) for line in lines[1:] if ':' in line))
            length = int(headers.get('content-length', '0'))
            while len(body) < length:
                chunk = self.request.recv(65536)
                if not chunk:
                    break
                body += chunk
        except OSError:
            return
        request = {'method': method, 'path': target, 'headers': headers,
                   'form': dict(parse_qsl(body.decode('utf-8', 'replace'), keep_blank_values=True)),
                   'raw': body}
        with server.lock:
            server.requests.append(request)
        answer = server.script(request)
        if answer is None:   # drop the connection without a word
            return
        try:
            self._send(answer)
        except OSError:
            pass

    def _send(self, answer):
        head = answer.head_bytes()
        stop = self.server.stopping
        if answer.trickle is None:
            self.request.sendall(head + answer.body)
            return
        slow, fast = (head, answer.body) if answer.trickle == 'headers' else (answer.body, None)
        if answer.trickle == 'body':
            self.request.sendall(head)
        ends = time.monotonic() + answer.max_seconds
        for position in range(len(slow)):
            if stop.is_set() or time.monotonic() > ends:
                return
            self.request.sendall(slow[position:position + 1])
            stop.wait(answer.interval)
        if fast:
            self.request.sendall(fast)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class HostileServer:
    """``HostileServer(script).start()``: ``url`` is its v1 base URL; ``requests`` what it received."""

    def __init__(self, script=None):
        self._server = _Server(('127.0.0.1', 0), _Handler)
        self._server.script = script or (lambda request: Answer(body=b'{}'))
        self._server.requests = []
        self._server.lock = threading.Lock()
        self._server.stopping = threading.Event()
        self.port = self._server.server_address[1]
        self.url = 'http://127.0.0.1:%d/v1' % self.port
        self.host = '127.0.0.1:%d' % self.port
        self._thread = None

    @property
    def requests(self):
        with self._server.lock:
            return list(self._server.requests)

    def answer_with(self, script):
        self._server.script = script
        with self._server.lock:
            del self._server.requests[:]

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self):
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
