"""The backend contract every adapter implements, its typed errors and the adapter registry."""
