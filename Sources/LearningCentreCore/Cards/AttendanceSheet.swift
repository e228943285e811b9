import Foundation

/// The printable A4 attendance sheet in Vietnamese, with a signature column: the paper backup
/// when the box is down. Every text is escaped.
package enum AttendanceSheet {
    package static func html(session: Session, lines: [AttendanceLine], blankRows: Int = 10) -> String {
        let e = LearnerCard.escape
        var rows = ""
        for (index, line) in lines.enumerated() {
            rows += "<tr><td>\(index + 1)</td><td>\(e(line.fullName))</td><td>\(line.birthYear)</td><td>\(e(line.village))</td>"
                + "<td class=\"h\">\(A4Page.number(line.checkIn.creditedHours))</td><td></td></tr>"
        }
        for index in lines.count..<(lines.count + blankRows) { rows += "<tr><td>\(index + 1)</td><td></td><td></td><td></td><td></td><td></td></tr>" }
        let hours = A4Page.number(lines.reduce(0) { $0 + $1.checkIn.creditedHours })
        return """
            <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Danh sách điểm danh</title>
            <link rel="stylesheet" href="/shared/sheet.css"></head><body>
            <header><p class="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span>Độc lập - Tự do - Hạnh phúc</span></p>
            <h1>DANH SÁCH ĐIỂM DANH</h1>
            <p>Buổi học: <strong>\(e(session.title))</strong></p>
            <p>Ngày \(Timestamps.localDate(session.startsAt)), từ \(Timestamps.localTime(session.startsAt)) đến \(Timestamps.localTime(session.endsAt))\(session.place.map { ", tại " + e($0) } ?? "")\(session.instructor.map { ". Người dạy: " + e($0) } ?? "")</p></header>
            <table><thead><tr><th class="n">STT</th><th>Họ và tên</th><th class="y">Năm sinh</th><th>Thôn</th><th class="h">Số giờ</th>\
            <th class="sign">Ký tên</th></tr></thead><tbody>\(rows)</tbody>
            <tfoot><tr><td></td><td colspan="3">Đã điểm danh trên máy: <strong>\(lines.count) người</strong>; \
            thêm trên giấy: ........ người</td><td class="h">\(hours)</td><td></td></tr></tfoot></table>
            <footer><p>Tổng số người tham gia: ........</p><p class="signer">Người lập danh sách<br><em>(Ký, ghi rõ họ tên)</em></p></footer>
            </body></html>
            """
    }
}
