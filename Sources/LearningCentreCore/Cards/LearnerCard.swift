import Foundation

/// The printable learner card (ID-1 size, 85.6 × 54 mm): the name, the village, the card code
/// in letters and as a QR code for the kiosk's scanner. Every text is escaped for XML.
package enum LearnerCard {
    package static func svg(name: String, village: String, cardCode: String, centre: String) -> String {
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

    /// The name, always whole, left of the QR code (38 mm): on one line as large as it fits, else
    /// smaller, else on two or three lines. Widths are estimated per letter; a line whose estimate
    /// comes close to the room is also given `textLength`, so that the printer squeezes it rather
    /// than letting it run under the QR code ("Nguyễn Hồng Ánh" printed as "Nguyễn Hồng Án", another
    /// person, before).
    static let nameRoom = 38.0

    static func nameLines(_ name: String) -> String {
        let words = name.split(separator: " ").map(String.init)
        let layout = nameLayout(words)
        let lineHeight = layout.font * 1.22
        let top = 25.0 - lineHeight * Double(layout.lines.count - 1) / 2 + layout.font * 0.35
        return layout.lines.enumerated().map { i, line in
            let width = estimatedWidth(line, font: layout.font)
            let fit = width > nameRoom * 0.9 ? " textLength=\"\(format(min(width, nameRoom)))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
            return "<text class=\"name\" x=\"3\" y=\"\(format(top + Double(i) * lineHeight))\" font-size=\"\(format(layout.font))\" font-weight=\"bold\" fill=\"#1b1f24\"\(fit)>\(escape(line))</text>"
        }.joined()
    }

    /// The largest size at which the name fits on the fewest lines (one, two, then three).
    static func nameLayout(_ words: [String]) -> (font: Double, lines: [String]) {
        for (count, sizes) in [(1, [4.6, 4.2, 3.8]), (2, [4.6, 4.2, 3.8, 3.4]), (3, [3.4, 3.0])] {
            for font in sizes {
                let lines = wrap(words, font: font)
                if lines.count <= count && lines.allSatisfy({ estimatedWidth($0, font: font) <= nameRoom }) { return (font, lines) }
            }
        }
        // A single word longer than the room: three lines at the smallest size, squeezed by textLength.
        let lines = wrap(words, font: 3.0)
        return (3.0, Array(lines.prefix(2)) + (lines.count > 2 ? [lines.dropFirst(2).joined(separator: " ")] : []))
    }

    private static func wrap(_ words: [String], font: Double) -> [String] {
        var lines: [String] = []
        for word in words {
            if let last = lines.last, estimatedWidth(last + " " + word, font: font) <= nameRoom {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(word)
            }
        }
        return lines
    }

    /// Millimetres a line of bold Noto Sans takes at `font` (mm), from letter classes; diacritics
    /// do not widen a letter.
    static func estimatedWidth(_ text: String, font: Double) -> Double {
        var ems = 0.0
        for c in text {
            let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(Character.init) ?? c
            switch base {
            case " ": ems += 0.26
            case "i", "l", "j", "I", "J", "t", "f", "r", ".", ",", "'", "-": ems += 0.36
            case "m", "w": ems += 0.92
            case "M", "W": ems += 0.98
            case _ where base.isUppercase || base == "Đ": ems += 0.72
            default: ems += 0.62
            }
        }
        return ems * font
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
