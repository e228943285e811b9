import Foundation

/// Rules shared by every free-text field: NFC, trimmed, no control characters, bounded length.
/// A length counts Unicode code points after NFC, as JSON Schema's `maxLength` does: a
/// Vietnamese letter with its marks is one code point once composed, and a string of stacked
/// combining marks cannot pass as a few "characters".
public enum TextRules {
    public static func name(_ field: String, _ value: String, max: Int = 100) throws -> String {
        let normalized = NameFolding.normalize(value)
        guard !normalized.isEmpty else { throw DomainError.invalid(field, "\(FieldNames.sentence(field)) không được để trống.") }
        try checkCharacters(field, value)
        let length = normalized.unicodeScalars.count
        guard length <= max else {
            throw DomainError.invalid(field, "\(FieldNames.sentence(field)) dài quá \(max) ký tự (đang có \(length)). Hãy viết ngắn lại.")
        }
        guard !NameFolding.words(normalized).isEmpty else {
            throw DomainError.invalid(field, "\(FieldNames.sentence(field)) phải có ít nhất một chữ cái hoặc chữ số.")
        }
        return normalized
    }

    /// Optional longer text (notes, addresses): NFC, trimmed, tabs and newlines allowed.
    public static func text(_ field: String, _ value: String?, max: Int = 2000) throws -> String? {
        guard let value else { return nil }
        let trimmed = value.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        try checkCharacters(field, trimmed, allowLineBreaks: true)
        guard trimmed.unicodeScalars.count <= max else {
            throw DomainError.invalid(field, "\(FieldNames.sentence(field)) dài quá \(max) ký tự. Hãy viết ngắn lại.")
        }
        return trimmed
    }

    static func checkCharacters(_ field: String, _ value: String, allowLineBreaks: Bool = false) throws {
        for scalar in value.unicodeScalars {
            let category = scalar.properties.generalCategory
            let allowed = allowLineBreaks && (scalar == "\n" || scalar == "\t" || scalar == "\r")
            if (category == .control || category == .surrogate || category == .privateUse || category == .unassigned
                || scalar == "\u{2028}" || scalar == "\u{2029}") && !allowed {
                throw DomainError.invalid(field, "\(FieldNames.sentence(field)) chứa ký tự điều khiển không in được. Hãy gõ lại bằng chữ thường.")
            }
            // Invisible format characters: the right-to-left override (U+202E) that turns a name
            // around on screen and on paper, zero-width spaces that make two names look alike.
            if category == .format {
                throw DomainError.invalid(field, "\(FieldNames.sentence(field)) chứa ký tự vô hình (ký tự định dạng U+\(String(scalar.value, radix: 16, uppercase: true))). Hãy gõ lại bằng chữ thường.")
            }
        }
    }

    /// Vietnamese phone numbers: digits only, "+84" written as "0", 9 to 11 digits.
    public static func phone(_ field: String, _ value: String?) throws -> String? {
        guard let value else { return nil }
        var digits = value.filter { !" .-()".contains($0) }
        if digits.isEmpty { return nil }
        if digits.hasPrefix("+84") { digits = "0" + digits.dropFirst(3) }
        else if digits.hasPrefix("84") && digits.count == 11 { digits = "0" + digits.dropFirst(2) }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), (9...11).contains(digits.count) else {
            throw DomainError.invalid(field, "Số điện thoại \"\(value.prefix(20))\" không hợp lệ. Ví dụ đúng: 0912345678.")
        }
        return digits
    }

    public static func birthYear(_ field: String, _ year: Int) throws -> Int {
        let now = Timestamps.currentYear()
        guard year <= now else { throw DomainError.invalid(field, "Năm sinh \(year) ở tương lai. Hãy kiểm tra lại.") }
        guard year >= 1900 else { throw DomainError.invalid(field, "Năm sinh \(year) quá xa. Hãy nhập năm có 4 chữ số, ví dụ 1958.") }
        return year
    }
}
