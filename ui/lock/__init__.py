"""The app lock: on demand (Ctrl+L) and after an idle time, every window that can show patient
data is covered or hidden until the app password (or an encrypted database's passphrase) is
typed again (docs/ARCHITECTURE.md#app-lock)."""
