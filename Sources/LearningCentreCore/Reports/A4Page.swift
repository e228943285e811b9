import Foundation

/// A printable A4 page in the usual Vietnamese administrative layout: the issuing body and the
/// national motto side by side, place and date, the title, numbered sections, the signer.
/// Every text given to it is escaped by the caller through `A4Page.escape`.
enum A4Page {
    static let escape = LearnerCard.escape

    /// `closing` (the last section) is printed on the same page as the signature, so the
    /// signature never stands alone on a page of its own. `signer`: the lines above the
    /// signature ("TM. BAN CHẤP HÀNH\nCHỦ TỊCH"); `signerName` below it, or a line saying who
    /// must write it in when it is not set.
    static func html(title: String, issuer: String, place: String, date: Int64, heading: String, subheading: String?,
                     body: String, closing: String = "", signer: String, signerName: String? = nil, missingSigner: String? = nil,
                     recipients: [String]) -> String {
        let sent = recipients.enumerated().map { index, line in "<br>- \(escape(line))\(index == recipients.count - 1 ? "." : ";")" }.joined()
        let name = signerName.map { "<span class=\"signer-name\">\(escape($0))</span>" }
            ?? missingSigner.map { "<span class=\"missing\">\(escape($0))</span>" } ?? ""
        return """
            <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <link rel="stylesheet" href="/shared/report.css"></head><body>
            <header class="admin"><div class="issuer">\(lines(issuer))<br><span>Số: ....../BC</span></div>
            <div class="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span>Độc lập - Tự do - Hạnh phúc</span></div></header>
            <p class="place-date">\(escape(placeAndDay(place, date)))</p>
            <h1>\(escape(heading))</h1>\(subheading.map { "<p class=\"subheading\">\(escape($0))</p>" } ?? "")
            \(body)
            <div class="closing">\(closing)
            <footer><div class="recipients"><em>Nơi nhận:</em>\(sent)</div>
            <div class="signer">\(lines(signer))<br><em>(Ký, ghi rõ họ tên)</em><div class="signature-space"></div>\(name)</div></footer></div>
            </body></html>
            """
    }

    /// "xã Y Tịch, ngày 02 tháng 12 năm 2026".
    static func placeAndDay(_ place: String, _ date: Int64) -> String {
        let iso = Timestamps.iso(millis: date)
        return "\(place), ngày \(iso.dropFirst(8).prefix(2)) tháng \(iso.dropFirst(5).prefix(2)) năm \(iso.prefix(4))"
    }

    /// Escaped text whose line breaks are kept.
    static func lines(_ text: String) -> String { escape(text).replacingOccurrences(of: "\n", with: "<br>") }

    /// A table with a header row; cells are escaped here.
    static func table(_ header: [String], _ rows: [[String]], numbered: Bool = true) -> String {
        let head = ((numbered ? ["STT"] : []) + header).map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.enumerated().map { index, row in
            "<tr>" + ((numbered ? ["\(index + 1)"] : []) + row).map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }.joined()
        return "<table><thead><tr>\(head)</tr></thead><tbody>\(body.isEmpty ? "<tr><td colspan=\"\(header.count + (numbered ? 1 : 0))\">Không có.</td></tr>" : body)</tbody></table>"
    }

    /// A number as Vietnamese write it: a decimal comma, a dot between thousands.
    static func number(_ value: Double) -> String { VietNumber.decimal(value) }
    static func percent(_ value: Double) -> String { number(value) + "%" }
}
