import Foundation

/// The printable learner card (ID-1 size, 85.6 × 54 mm): the name, the village, the card code
/// in letters and as a QR code for the kiosk's scanner. Every text is escaped for XML.
enum LearnerCard {
    static func svg(name: String, village: String, cardCode: String, centre: String) -> String {
        let qr = QRCode(cardCode)
        let modules = (qr?.width ?? 21) + 8
        let qrSize = 40.0
        let scale = qrSize / Double(modules)
        let qrGroup = qr.map {
            "<g transform=\"translate(42 9) scale(\(format(scale)))\"><rect width=\"\(modules)\" height=\"\(modules)\" fill=\"#fff\"/>"
                + "<path transform=\"translate(4 4)\" fill=\"#000\" d=\"\($0.svgPath)\"/></g>"
        } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="85.6mm" height="54mm" viewBox="0 0 85.6 54" font-family="Noto Sans, DejaVu Sans, sans-serif">\
            <rect x="0.2" y="0.2" width="85.2" height="53.6" rx="3" fill="#fff" stroke="#0b5cad" stroke-width="0.4"/>\
            <rect x="0.2" y="0.2" width="85.2" height="7" rx="3" fill="#0b5cad"/>\
            <text x="3" y="5.2" font-size="3.2" fill="#fff" font-weight="bold">\(escape(centre))</text>\
            <text x="3" y="15" font-size="2.4" fill="#4a5562">Thẻ người học</text>\
            \(nameLines(name))\
            <text x="3" y="36" font-size="2.8" fill="#1b1f24">\(escape(village))</text>\
            <text x="3" y="47" font-size="3.6" fill="#1b1f24" font-family="DejaVu Sans Mono, monospace" letter-spacing="0.3">\(escape(cardCode))</text>\
            \(qrGroup)\
            </svg>
            """
    }

    /// The name on up to two lines, so that long names stay on the card.
    private static func nameLines(_ name: String) -> String {
        let words = name.split(separator: " ").map(String.init)
        var lines = [""]
        for word in words {
            if (lines[lines.count - 1] + " " + word).count > 20 && !lines[lines.count - 1].isEmpty && lines.count < 2 { lines.append(word) }
            else { lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + word }
        }
        return lines.enumerated().map { i, line in
            "<text x=\"3\" y=\"\(21 + i * 6)\" font-size=\"4.6\" font-weight=\"bold\" fill=\"#1b1f24\">\(escape(line))</text>"
        }.joined()
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func format(_ value: Double) -> String { String((value * 10000).rounded() / 10000) }
}
