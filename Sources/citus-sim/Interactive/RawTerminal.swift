// The terminal in raw mode (termios), for the line editor: no echo, no
// line buffering, no signals from Ctrl-C; restored after every line so a
// running statement can still be interrupted with Ctrl-C.

#if canImport(Glibc)
    import Glibc
#endif

/// Switches standard input between raw and normal mode.
final class RawTerminal {
    private var saved = termios()
    private var isRaw = false

    /// Enters raw mode; false when standard input is not a terminal.
    func enable() -> Bool {
        guard !isRaw, tcgetattr(0, &saved) == 0 else { return isRaw }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cc.16 = 1  // VMIN on Linux: wait for one byte.
        raw.c_cc.5 = 0  // VTIME: no timeout.
        guard tcsetattr(0, TCSAFLUSH, &raw) == 0 else { return false }
        isRaw = true
        return true
    }

    /// Restores the mode saved by `enable`.
    func disable() {
        guard isRaw else { return }
        var original = saved
        tcsetattr(0, TCSAFLUSH, &original)
        isRaw = false
    }

    /// Reads one byte; nil at end of input or on error.
    func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Writes `text` to the terminal at once.
    func write(_ text: String) {
        Console.writeAll(Array(text.utf8), to: 1)
    }

    /// The terminal's width in columns (80 when unknown).
    var columns: Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
