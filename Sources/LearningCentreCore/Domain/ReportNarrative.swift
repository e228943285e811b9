import Foundation

/// The sections of the yearly report the association writes itself (CRITERIA §5): publicity,
/// briefings and training of officers and members, awards, funds raised, difficulties, proposals.
public struct ReportNarrative: Sendable, Equatable {
    public var texts: [String: String] = [:]

    /// The sections in the report's order, with their headings.
    public static let sections: [(key: String, title: String)] = [
        ("publicity", "Công tác tuyên truyền"),
        ("training", "Quán triệt, bồi dưỡng cán bộ, hội viên"),
        ("awards", "Khen thưởng"),
        ("funds", "Vận động quỹ khuyến học"),
        ("difficulties", "Khó khăn, hạn chế"),
        ("proposals", "Kiến nghị, đề xuất"),
    ]

    public init(texts: [String: String] = [:]) { self.texts = texts }

    public subscript(key: String) -> String? { texts[key] }

    package var json: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: ReportNarrative.sections.map { ($0.key, texts[$0.key].map(JSONValue.string) ?? .null) }))
    }
}
