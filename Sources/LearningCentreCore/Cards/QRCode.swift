import CQREncode

/// A QR code from libqrencode: the one owner of a `QRcode*`, freed in `deinit`.
final class QRCode {
    private let handle: UnsafeMutablePointer<QRcode>
    let width: Int

    /// nil when libqrencode cannot encode the text (too long for any version).
    init?(_ text: String) {
        guard let made = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        handle = made
        width = Int(made.pointee.width)
    }

    deinit { QRcode_free(handle) }

    /// Whether the module at (x, y) is dark (bit 0 of each byte, per libqrencode).
    func isDark(x: Int, y: Int) -> Bool {
        handle.pointee.data[y * width + x] & 1 == 1
    }

    /// The dark modules as one SVG path in module units (a 4-module quiet zone is the caller's).
    var svgPath: String {
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                if isDark(x: x, y: y) {
                    var run = 1
                    while x + run < width && isDark(x: x + run, y: y) { run += 1 }
                    path += "M\(x) \(y)h\(run)v1h-\(run)z"
                    x += run
                } else {
                    x += 1
                }
            }
        }
        return path
    }
}
