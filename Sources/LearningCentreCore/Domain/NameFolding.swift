import Foundation

/// How names are compared and searched: without diacritics or case, "đ" as "d", words split on
/// anything that is not a letter or digit. "Nguyễn Thị Lan" folds to "nguyen thi lan".
public enum NameFolding {
    /// Unicode NFC with runs of whitespace made one space and the ends trimmed.
    public static func normalize(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    public static func fold(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// The folded words of a text: ascii letters and digits only.
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if let mapped = asciiValue(scalar) {
                current.unicodeScalars.append(mapped)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func asciiValue(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "a"..."z", "0"..."9": return scalar
        case "đ": return "d"
        case "ð": return "d"
        case "ø": return "o"
        case "æ": return "a"
        default: return nil
        }
    }
}

/// The keys a learner's name is stored under (folded, given name, sort key), folded once, and
/// before the write lane: folding is a tenth of a registration's time (perf), and the lane is
/// the one part that runs a write at a time.
public struct FoldedName: Sendable {
    public let folded: String
    /// The given name: the last word of a Vietnamese full name.
    public let given: String
    /// Vietnamese order: given name, then middle names, then family name ("Lan Thị Nguyễn"),
    /// compared folded, with the exact name last as a tie-break.
    public let sortKey: String

    public init(_ fullName: String) {
        var words = NameFolding.words(fullName)
        folded = words.joined(separator: " ")
        given = words.last ?? ""
        if let last = words.popLast() {
            let family = words.isEmpty ? [] : [words.removeFirst()]
            sortKey = ([last] + words + family).joined(separator: " ") + "\u{1}" + fullName.lowercased()
        } else {
            sortKey = ""
        }
    }
}
