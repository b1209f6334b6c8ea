"""textual-serve's server for ``convtutor serve``, with a cap on the sessions open at once:
every browser tab starts an app process (about 50 MB), so a page reloaded in a loop, or a
room larger than the machine, must not exhaust its memory."""

from __future__ import annotations

from aiohttp import web
from textual_serve.server import Server


class RoomServer(Server):
    def __init__(self, command: str, *, host: str, port: int, public_url: str | None, max_sessions: int) -> None:
        super().__init__(command, host=host, port=port, title="convtutor", public_url=public_url)
        self.max_sessions = max_sessions
        self.sessions = 0

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.sessions >= self.max_sessions:
            raise web.HTTPServiceUnavailable(text=f"convtutor: {self.max_sessions} sessions are open already; try again later")
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
