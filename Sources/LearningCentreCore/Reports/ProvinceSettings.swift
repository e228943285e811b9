import Foundation

/// What a province's association sets once for its yearly report (kept in PostgreSQL, `GET,PATCH
/// /api/settings` at its daemon): the province as the report names it, the association that
/// issues the report, its chair who signs it, and the recipients under "Nơi nhận". nil: the
/// defaults below, which follow the province's name.
public struct ProvinceSettings: Sendable, Equatable {
    /// With its kind, as it is printed: "tỉnh Quảng Trị", "thành phố Huế".
    public var provinceName: String?
    public var associationName: String?
    public var associationChair: String?
    /// One a line.
    public var reportRecipients: String?

    public init(provinceName: String? = nil, associationName: String? = nil, associationChair: String? = nil, reportRecipients: String? = nil) {
        self.provinceName = provinceName
        self.associationName = associationName
        self.associationChair = associationChair
        self.reportRecipients = reportRecipients
    }

    /// Dotted space to write the name by hand while none is set.
    static let blank = "tỉnh .........."

    public var place: String { provinceName ?? Self.blank }
    public var association: String { associationName ?? "Hội Khuyến học \(place)" }
    /// The central association, the province's People's Committee, the association's own file.
    public var recipients: [String] {
        recipientsSet ?? ["Trung ương Hội Khuyến học Việt Nam", "Ủy ban nhân dân \(place)", "Lưu: VP Hội"]
    }
    public var recipientsSet: [String]? { reportRecipients.map { $0.split(separator: "\n").map(String.init) } }

    /// Each setting by its name in the API and in the database.
    package static let keys: [(name: String, path: WritableKeyPath<ProvinceSettings, String?> & Sendable)] = [
        ("provinceName", \.provinceName), ("associationName", \.associationName), ("associationChair", \.associationChair),
        ("reportRecipients", \.reportRecipients),
    ]
}
