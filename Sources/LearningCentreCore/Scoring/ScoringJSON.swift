import Foundation

extension LearnerScore: JSONShape {
    public static let schemaName = "Score"
    public static let fields: [ShapeField<LearnerScore>] = [
        .string("fullName", \.fullName),
        .list("indicators", \.indicators),
        .string("learnerId", \.learnerId),
        .nullableString("nextStep", \.nextStep),
        .bool("recognized", \.recognized),
        .string("ruleset", \.rulesetId),
        .int("rulesetVersion", \.rulesetVersion),
        .number("total", \.total),
        .int("year", \.year),
    ]
}

extension IndicatorScore: JSONShape {
    public static let schemaName = "IndicatorScore"
    public static let fields: [ShapeField<IndicatorScore>] = [
        .string("code", \.code),
        .list("evidence", \.evidence),
        .nullableNumber("fromAssessment", \.fromAssessment),
        .number("fromRecords", \.fromRecords),
        .number("max", \.max),
        .string("name", \.name),
        .number("points", \.points),
    ]
}

extension Evidence: JSONShape {
    public static let schemaName = "Evidence"
    public static let fields: [ShapeField<Evidence>] = [
        .nullableMoment("at", \.at),
        .nullableNumber("hours", { $0.hours.map(Store.roundHours) }),
        .nullableString("id", \.id),
        .code("kind", \.kind),
        .string("text", \.text),
    ]
}

extension TitleResult: JSONShape {
    public static let schemaName = "Title"
    public static let fields: [ShapeField<TitleResult>] = [
        ShapeField("facts", schema: .object(["type": "object", "additionalProperties": ValueSchema.boolean])) { title, w in
            w.key("facts"); JSONValue.object(title.facts.mapValues { .bool($0) }).write(to: &w)
        },
        .bool("hasMembers", \.hasMembers),
        .string("id", \.id),
        .code("kind", \.kind),
        .nullableInt("level", \.level),
        .string("name", \.name),
        .list("reasons", \.reasons),
        .bool("recognized", \.recognized),
        .nullableString("villageId", \.villageId),
    ]
}

extension TitleResult.Reason: JSONShape {
    public static let schemaName = "TitleReason"
    public static let fields: [ShapeField<TitleResult.Reason>] = [.bool("met", \.met), .string("text", \.text)]
}

extension TargetResult: JSONShape {
    public static let schemaName = "Target"
    public static let fields: [ShapeField<TargetResult>] = [
        .string("code", \.code, schema: ValueSchema.oneOf(Ruleset.targetCodes)),
        .int("denominator", \.denominator),
        .string("name", \.name),
        .int("numerator", \.numerator),
        .number("percent", \.percent),
        .number("target2025", \.target2025),
        .number("target2030", \.target2030),
    ]
}

/// A target with who or what stands behind its numbers (`GET /api/reports/indicators/{code}`).
public struct TargetDetail: JSONShape, Sendable {
    public var target: TargetResult
    public init(_ target: TargetResult) { self.target = target }

    public static let schemaName = "TargetDetail"
    public static let fields: [ShapeField<TargetDetail>] = TargetResult.fields.map { $0.lifted(\.target) }
        + [ShapeField<TargetDetail>.list("items", \.target.items)]
}

extension TargetResult.Item: JSONShape {
    public static let schemaName = "TargetItem"
    public static let fields: [ShapeField<TargetResult.Item>] = [
        .bool("counted", \.counted), .string("id", \.id), .code("kind", \.kind), .string("name", \.name),
    ]
}
