import CXLSXWriter
import Foundation

/// A spreadsheet written through libxlsxwriter. This type owns the workbook handle from
/// `workbook_new` to `workbook_close` (which frees it); the library writes to a file, so the
/// workbook goes to a private temporary file that is read back and removed.
final class Spreadsheet {
    struct Sheet {
        var name: String
        var header: [String]
        var rows: [[Cell]]
        var widths: [Double]
    }

    enum Cell {
        case text(String)
        /// A quantity: shown with thousands grouped and at most two decimals, in the reader's locale.
        case number(Double)
        /// A number that is a code or a year (1958): no grouping.
        case code(Int)
    }

    /// The .xlsx bytes of these sheets.
    static func bytes(_ sheets: [Sheet]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lc-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let workbook = workbook_new(path) else {
            throw DomainError(.failed, "spreadsheet_failed", "Không tạo được bảng tính (thiếu chỗ ghi tạm?). Hãy thử lại hoặc dùng bản in.")
        }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        format_set_text_wrap(bold)
        let wrap = workbook_add_format(workbook)
        format_set_text_wrap(wrap)
        // Numbers stay numbers; their formats let the reader's spreadsheet write "1.250.000" and "12,5".
        let whole = workbook_add_format(workbook)
        format_set_num_format(whole, "#,##0")
        let fraction = workbook_add_format(workbook)
        format_set_num_format(fraction, "#,##0.0#")
        for sheet in sheets {
            guard let worksheet = workbook_add_worksheet(workbook, String(sheet.name.prefix(31))) else { continue }
            for (column, width) in sheet.widths.enumerated() {
                worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, wrap)
            }
            for (column, title) in sheet.header.enumerated() {
                worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold)
            }
            for (index, row) in sheet.rows.enumerated() {
                for (column, cell) in row.enumerated() {
                    switch cell {
                    case .text(let text): worksheet_write_string(worksheet, lxw_row_t(index + 1), lxw_col_t(column), text, nil)
                    case .number(let value):
                        worksheet_write_number(worksheet, lxw_row_t(index + 1), lxw_col_t(column), value, value == value.rounded() ? whole : fraction)
                    case .code(let value): worksheet_write_number(worksheet, lxw_row_t(index + 1), lxw_col_t(column), Double(value), nil)
                    }
                }
            }
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR, let data = FileManager.default.contents(atPath: path) else {
            throw DomainError(.failed, "spreadsheet_failed", "Không ghi được bảng tính (mã lỗi \(result.rawValue)). Hãy thử lại hoặc dùng bản in.")
        }
        return [UInt8](data)
    }
}

extension AnnualReport {
    /// The same report as a workbook: targets, activities, titles, learning citizens.
    package func spreadsheet() throws -> [UInt8] {
        let villages = Dictionary((results.titles[.community] ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let mark = AnnualReport.mark(of: results.year)
        // The first sheet carries what the printed report does around its tables: who issues it,
        // the date, the association's own sections, the recipients and the signature.
        var cover: [[Spreadsheet.Cell]] = [[.text(A4Page.placeAndDay(commune, now))], [.text("BÁO CÁO")], [.text(subheading)], []]
        for (index, section) in ReportNarrative.sections.enumerated() {
            let text = [figures(section.key), narrative[section.key]].compactMap { $0 }.joined(separator: "\n")
            cover.append([.text(index < 4 ? "\(index + 1). \(section.title)" : section.title), .text(text)])
        }
        cover += [[], [.text("Nơi nhận"), .text(settings.recipients.joined(separator: "\n"))]]
        cover += AnnualReport.signer.split(separator: "\n").map { [.text(""), .text(String($0))] }
        cover.append([.text(""), .text(settings.associationChair ?? AnnualReport.missingChair)])
        var sheets: [Spreadsheet.Sheet] = [
            .init(name: "Báo cáo", header: [settings.association.uppercased(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
                  rows: cover, widths: [45, 90]),
            .init(name: "Chỉ tiêu", header: ["Mã", "Chỉ tiêu", "Đạt", "Tổng số", "Tỷ lệ (%)", "Mục tiêu 2025 (%)", "Mục tiêu 2030 (%)",
                                             "Đánh giá (so với mục tiêu \(mark))"],
                  rows: targets.map { t in
                      [.text(t.code), .text(t.name), .number(Double(t.numerator)), .number(Double(t.denominator)), .number(t.percent),
                       .number(t.target2025), .number(t.target2030), .text(AnnualReport.assessment(t, mark: mark))]
                  }, widths: [6, 60, 8, 10, 10, 14, 14, 24]),
            .init(name: "Hoạt động", header: ["Lĩnh vực", "Số buổi học", "Lượt tham gia", "Số giờ"],
                  rows: activity.map { a in
                      [.text(AnnualReport.categoryNames[a.category] ?? a.category), .number(Double(a.sessions)), .number(Double(a.attendances)),
                       .number(Store.roundHours(a.hours))]
                  }, widths: [28, 14, 14, 12]),
            .init(name: "Hoạt động của Hội", header: ["Loại hoạt động", "Số lần", "Số người tham gia", "Số tiền (đồng)"],
                  rows: activities.lines.map { line in
                      [.text(line.kind.label), .number(Double(line.count)), .number(Double(line.people)), .number(Double(line.amount))]
                  }, widths: [34, 10, 18, 18]),
            .init(name: "Danh hiệu", header: ["Danh hiệu", "Tên", "Thôn", "Kết quả", "Lý do"],
                  rows: TitleKind.allCases.flatMap { kind in
                      (results.titles[kind] ?? []).map { t in
                          [.text(kind.label), .text(t.name), .text(villages[t.villageId ?? ""] ?? ""), .text(t.recognized ? (t.level.map { "Đạt mức \($0)" } ?? "Đạt") : "Chưa đạt"),
                           .text(t.reasons.map { ($0.met ? "✓ " : "✗ ") + $0.text }.joined(separator: "\n"))]
                      }
                  }, widths: [20, 30, 20, 12, 70]),
            .init(name: "Công dân học tập", header: ["Họ và tên", "Năm sinh", "Thôn", "Điểm", "Đạt", "Lý do chưa đạt"],
                  rows: results.facts.indices.map { i in
                      let f = results.facts[i], score = results.scores[i]
                      return [.text(f.fullName), .code(f.birthYear), .text(villages[f.villageId] ?? ""),
                              .number(score.total), .text(score.recognized ? "Đạt" : "Chưa đạt"),
                              .text(AnnualReport.citizenReason(score, ruleset: results.ruleset))]
                  }, widths: [30, 10, 20, 8, 10, 50]),
        ]
        // At an association, each centre's own figures follow the first sheet.
        if !centres.isEmpty {
            sheets.insert(.init(name: "Theo trung tâm", header: ["Trung tâm", "Người học", "Số giờ được tính", "Công dân học tập"],
                                rows: centres.map { c in
                                    [.text(c.name), .number(Double(c.totals.learners)), .number(Store.roundHours(c.totals.hours)),
                                     .number(Double(c.totals.learningCitizens))]
                                }, widths: [40, 12, 16, 16]), at: 1)
        }
        return try Spreadsheet.bytes(sheets)
    }
}
