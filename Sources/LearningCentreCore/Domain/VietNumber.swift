import Foundation

/// Numbers as Vietnamese readers write them: a dot between thousands, a comma before the
/// decimals ("1.250.000", "12,5"). Only for text people read; files for programs keep "12.5".
public enum VietNumber {
    /// "1.250.000".
    public static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(".") }
            grouped.append(c)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// At most `decimals` places, trailing zeros dropped: "12,5", "1.234", "0,25".
    public static func decimal(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "-" }
        let scale = pow(10, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        var fraction = String(Int64(scaled) % Int64(scale))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + integer(whole) + (fraction.isEmpty ? "" : "," + fraction)
    }
}
