import Foundation

/// The places and groups learners belong to: villages, households, clans and units. They
/// share one shape (an id, a name and a few fields), so one description drives their storage,
/// validation, routes and OpenAPI schema.
public struct GroupKind: Sendable {
    public enum FieldType: Sendable {
        case text(max: Int)
        case reference(table: String, label: String)
        case oneOf([String])
        /// "YYYY-MM-DD", not in the future.
        case day
    }

    public struct Field: Sendable {
        public let json: String
        public let column: String
        public let type: FieldType
        public let required: Bool
    }

    /// Route segment and table name ("villages").
    public let plural: String
    /// Audit entity and OpenAPI schema name ("village").
    public let entity: String
    public let schemaName: String
    /// Vietnamese word for messages ("thôn").
    public let label: String
    public let fields: [Field]
    /// Two of this kind may not share a name (villages).
    public let uniqueName: Bool

    /// The day a group stopped existing (a household split, a unit closed): it counts in the
    /// years before (CRITERIA §4). Every kind has it.
    static let closedOn = Field(json: "closedOn", column: "closed_on", type: .day, required: false)

    public static let village = GroupKind(plural: "villages", entity: "village", schemaName: "Village", label: "thôn",
                                          fields: [closedOn], uniqueName: true)
    public static let household = GroupKind(
        plural: "households", entity: "household", schemaName: "Household", label: "hộ gia đình",
        fields: [Field(json: "villageId", column: "village_id", type: .reference(table: "villages", label: "thôn"), required: true),
                 Field(json: "address", column: "address", type: .text(max: 300), required: false), closedOn],
        uniqueName: false)
    public static let clan = GroupKind(plural: "clans", entity: "clan", schemaName: "Clan", label: "dòng họ",
                                       fields: [closedOn], uniqueName: false)
    public static let unit = GroupKind(
        plural: "units", entity: "unit", schemaName: "Unit", label: "đơn vị",
        fields: [Field(json: "kind", column: "kind", type: .oneOf(UnitKind.codes), required: true),
                 closedOn],
        uniqueName: false)

    public static let all: [GroupKind] = [.village, .household, .clan, .unit]

    /// The JSON names a body may carry.
    package var writable: Set<String> { Set(["name"] + fields.map(\.json)) }
}
