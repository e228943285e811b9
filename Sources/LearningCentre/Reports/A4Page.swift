import Foundation

/// A printable A4 page in the usual Vietnamese administrative layout: the issuing body and the
/// national motto side by side, place and date, the title, numbered sections, the signer.
/// Every text given to it is escaped by the caller through `A4Page.escape`.
enum A4Page {
    static let escape = LearnerCard.escape

    /// `closing` (the last section) is printed on the same page as the signature, so the
    /// signature never stands alone on a page of its own.
    static func html(title: String, issuer: String, place: String, date: Int64, heading: String, subheading: String?,
                     body: String, closing: String = "", signer: String) -> String {
        let iso = Timestamps.iso(millis: date)
        let day = "ngày \(iso.dropFirst(8).prefix(2)) tháng \(iso.dropFirst(5).prefix(2)) năm \(iso.prefix(4))"
        return """
            <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <link rel="stylesheet" href="/shared/report.css"></head><body>
            <header class="admin"><div class="issuer">\(escape(issuer).replacingOccurrences(of: "\n", with: "<br>"))<br><span>Số: ....../BC</span></div>
            <div class="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span>Độc lập - Tự do - Hạnh phúc</span></div></header>
            <p class="place-date">\(escape(place)), \(day)</p>
            <h1>\(escape(heading))</h1>\(subheading.map { "<p class=\"subheading\">\(escape($0))</p>" } ?? "")
            \(body)
            <div class="closing">\(closing)
            <footer><div class="recipients"><em>Nơi nhận:</em><br>- UBND xã;<br>- Hội Khuyến học huyện;<br>- Lưu: TTHTCĐ.</div>
            <div class="signer">\(escape(signer))<br><em>(Ký, ghi rõ họ tên)</em></div></footer></div>
            </body></html>
            """
    }

    /// A table with a header row; cells are escaped here.
    static func table(_ header: [String], _ rows: [[String]], numbered: Bool = true) -> String {
        let head = ((numbered ? ["STT"] : []) + header).map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.enumerated().map { index, row in
            "<tr>" + ((numbered ? ["\(index + 1)"] : []) + row).map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }.joined()
        return "<table><thead><tr>\(head)</tr></thead><tbody>\(body.isEmpty ? "<tr><td colspan=\"\(header.count + (numbered ? 1 : 0))\">Không có.</td></tr>" : body)</tbody></table>"
    }

    /// A number as Vietnamese write it: a decimal comma.
    static func number(_ value: Double) -> String { ScoreEngine.number(Store.roundHours(value)).replacingOccurrences(of: ".", with: ",") }
    static func percent(_ value: Double) -> String { number(value) + "%" }
}
