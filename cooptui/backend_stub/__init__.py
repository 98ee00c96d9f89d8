"""The simulated core bank: a small real bank on SQLite, served in-process or over HTTP."""
