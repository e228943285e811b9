import Foundation

/// A learner's learning-citizen score for a year under a ruleset.
public struct LearnerScore: Sendable {
    public var learnerId: String
    public var fullName: String
    public var year: Int
    public var rulesetId: String
    public var rulesetVersion: Int
    public var total: Double
    public var recognized: Bool
    public var indicators: [IndicatorScore]
    /// What would raise the score, in one plain sentence (nil when nothing in the records can).
    public var nextStep: String?
}

public struct IndicatorScore: Sendable {
    public var code: String
    public var name: String
    public var points: Double
    public var max: Double
    public var fromRecords: Double
    public var fromAssessment: Double?
    public var evidence: [Evidence]
}

/// Why a point was given: a record, or an assessment by someone at some time.
public struct Evidence: Sendable {
    public var kind: EvidenceKind
    public var text: String
    public var id: String? = nil
    public var at: Int64? = nil
    public var hours: Double? = nil
}

/// Computes scores from facts. Pure: the same facts and ruleset give the same score.
public enum ScoreEngine {
    /// `evidence` false leaves out the evidence and the next step (scoring everyone for titles
    /// and targets; `NextStep.sentence` gives a row's next step when it is shown).
    public static func score(_ facts: LearnerFacts, year: Int, ruleset: Ruleset, evidence withEvidence: Bool = true) -> LearnerScore {
        var indicators: [IndicatorScore] = []
        indicators.reserveCapacity(ruleset.indicators.count)  // scoring everyone keeps 20,000 of these
        for indicator in ruleset.indicators {
            var best = 0.0, evidence: [Evidence] = []
            for source in ruleset.sources(of: indicator, targetGroup: facts.targetGroup) {
                let points = points(source, facts)
                if points > 0 && withEvidence { evidence += self.evidence(source, facts) }
                best = max(best, points)
            }
            best = min(best, indicator.max)
            let assessed = facts.assessments[indicator.code]
            if let assessed, withEvidence {
                evidence.append(Evidence(kind: .assessment, text: "Đánh giá: \(number(assessed.points)) điểm, bởi \(assessed.by)"
                                         + (assessed.note.map { " (\($0))" } ?? ""), at: assessed.at))
            }
            let points = max(best, min(assessed?.points ?? 0, indicator.max))
            indicators.append(IndicatorScore(code: indicator.code, name: indicator.name, points: points, max: indicator.max,
                                             fromRecords: best, fromAssessment: assessed?.points, evidence: evidence))
        }
        let total = indicators.reduce(0) { $0 + $1.points }
        let recognized = total + 1e-9 >= ruleset.passMark && indicators.allSatisfy { $0.points + 1e-9 >= ruleset.minIndicatorPoints }
        var score = LearnerScore(learnerId: facts.learnerId, fullName: facts.fullName, year: year, rulesetId: ruleset.id,
                                 rulesetVersion: ruleset.version, total: total, recognized: recognized, indicators: indicators)
        if withEvidence { score.nextStep = NextStep.sentence(score, facts: facts, ruleset: ruleset) }
        return score
    }

    /// The points one source gives.
    static func points(_ source: Ruleset.PointSource, _ facts: LearnerFacts) -> Double {
        switch source {
        case .visits(let purposes, let tiers): return Ruleset.Tier.points(tiers, for: Double(facts.visits(for: purposes)))
        case .hours(let categories, let tiers): return Ruleset.Tier.points(tiers, for: facts.hours(in: categories))
        case .plan(let points): return facts.hasPlan ? points : 0
        case .householdMembers(let tiers): return Ruleset.Tier.points(tiers, for: Double(facts.householdMembersLearning))
        case .digitalSkills(let levels): return facts.digitalSkills.flatMap { levels[$0] } ?? 0
        case .teaching(let tiers): return Ruleset.Tier.points(tiers, for: Double(facts.taught))
        }
    }

    /// The records behind a source's points (a summary when only counts were loaded).
    static func evidence(_ source: Ruleset.PointSource, _ facts: LearnerFacts) -> [Evidence] {
        let lines = facts.details?.checkIns ?? []
        switch source {
        case .visits(let purposes, _):
            return facts.details == nil
                ? [Evidence(kind: .summary, text: "\(facts.visits(for: purposes)) lượt \(purposes.map { label($0) }.joined(separator: ", "))")]
                : lines.filter { $0.isVisit && purposes.contains($0.category) }.map(lineEvidence)
        case .hours(let categories, _):
            let all = categories.contains("*")
            return facts.details == nil
                ? [Evidence(kind: .summary, text: "\(number(facts.hours(in: categories))) giờ \(all ? "tại trung tâm" : categories.map { label($0) }.joined(separator: ", "))")]
                : lines.filter { $0.hours > 0 && (all || categories.contains($0.category)) }.map(lineEvidence)
        case .plan:
            return [Evidence(kind: .plan, text: "Có kế hoạch học tập của năm", at: facts.details?.planUpdatedAt)]
        case .householdMembers:
            let text = facts.details.map { "Người trong hộ cùng học: \($0.householdMembers.joined(separator: ", "))" }
                ?? "\(facts.householdMembersLearning) người trong hộ cùng học"
            return [Evidence(kind: .household, text: text)]
        case .digitalSkills:
            let who = facts.details?.skillsAssessed
            return [Evidence(kind: .digitalSkills, text: "Kỹ năng số: \(skillLabel(facts.digitalSkills ?? SkillLevel.none))" + (who.map { ", do \($0.by) đánh giá" } ?? ""),
                             at: who?.at)]
        case .teaching:
            return facts.details == nil
                ? [Evidence(kind: .summary, text: "Đã dạy \(facts.taught) buổi học")]
                : (facts.details?.taught ?? []).map { Evidence(kind: .teaching, text: "Dạy buổi \"\($0.title)\"", id: $0.id, at: $0.at) }
        }
    }

    static func lineEvidence(_ line: LearnerFacts.Line) -> Evidence {
        Evidence(kind: line.isVisit ? .visit : .session, text: line.isVisit ? label(line.category) : line.title,
                 id: line.id, at: line.at, hours: line.hours)
    }

    static let labels = ["reading": "đọc sách", "club": "sinh hoạt câu lạc bộ", "selfStudy": "tự học", "it": "tin học",
                         "language": "ngoại ngữ", "agriculture": "nông nghiệp", "law": "pháp luật", "health": "sức khỏe",
                         "literacy": "xóa mù chữ", "culture": "văn hóa", "other": "khác"]
    static func label(_ code: String) -> String { labels[code] ?? code }
    static func skillLabel(_ level: SkillLevel) -> String { level.label.lowercased() }
    /// A point or hour figure with at most two decimals and no trailing zero ("12", "12.5", "0.25").
    /// Written out by hand: `String(format:)` was 2% of a kiosk check-in's time.
    static func number(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        let cents = Int((abs(value) * 100).rounded())
        var text = (value < 0 && cents > 0 ? "-" : "") + String(cents / 100)
        let fraction = cents % 100
        if fraction != 0 {
            text += "." + (fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction))
        }
        return text
    }
}
