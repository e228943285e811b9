import Foundation
import GRDB

extension Store {
    /// The years a manager has closed, oldest first.
    static func closedYears(_ db: Database) throws -> [Int] {
        try Int.fetchAll(db.cachedStatement(sql: "SELECT year FROM year_closures ORDER BY year"))
    }

    static func isClosed(_ db: Database, year: Int) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM year_closures WHERE year = ?"), arguments: [year]) == true
    }

    /// 409 `year_closed`, naming the year and the way to reopen it.
    static func yearClosed(_ year: Int) -> DomainError {
        DomainError(.conflict, "year_closed", """
            Năm \(year) đã khóa sổ nên không sửa được số liệu của năm đó. Nếu thật sự cần sửa, người quản lý mở lại năm \(year) \
            (trang Năm và báo cáo, nút "Mở lại năm", ghi rõ lý do), sửa, rồi khóa sổ lại.
            """, details: ["year": .number(Double(year))])
    }

    /// Refuses a write dated in a closed year.
    static func requireOpen(_ db: Database, year: Int) throws {
        if try isClosed(db, year: year) { throw yearClosed(year) }
    }

    /// Refuses a write dated at a moment of a closed year (a check-in, a session).
    static func requireOpen(_ db: Database, at millis: Int64) throws {
        try requireOpen(db, year: LocalDay.year(of: millis))
    }
}
