import Foundation

extension LearnerScore: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("fullName"); w.string(fullName)
        w.key("indicators"); w.array(indicators)
        w.key("learnerId"); w.string(learnerId)
        w.key("nextStep"); w.string(nextStep)
        w.key("recognized"); w.bool(recognized)
        w.key("ruleset"); w.string(rulesetId)
        w.key("rulesetVersion"); w.int(rulesetVersion)
        w.key("total"); w.number(total)
        w.key("year"); w.int(year)
        w.endObject()
    }
}

extension IndicatorScore: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("code"); w.string(code)
        w.key("evidence"); w.array(evidence)
        w.key("fromAssessment"); if let fromAssessment { w.number(fromAssessment) } else { w.null() }
        w.key("fromRecords"); w.number(fromRecords)
        w.key("max"); w.number(max)
        w.key("name"); w.string(name)
        w.key("points"); w.number(points)
        w.endObject()
    }
}

extension Evidence: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("at"); w.string(at.map { Timestamps.iso(millis: $0) })
        w.key("hours"); if let hours { w.number(Store.roundHours(hours)) } else { w.null() }
        w.key("id"); w.string(id)
        w.key("kind"); w.string(kind)
        w.key("text"); w.string(text)
        w.endObject()
    }
}

extension TitleResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("facts"); JSONValue.object(facts.mapValues { .bool($0) }).write(to: &w)
        w.key("hasMembers"); w.bool(hasMembers)
        w.key("id"); w.string(id)
        w.key("kind"); w.string(kind)
        w.key("level"); if let level { w.int(level) } else { w.null() }
        w.key("name"); w.string(name)
        w.key("reasons"); w.array(reasons)
        w.key("recognized"); w.bool(recognized)
        w.key("villageId"); w.string(villageId)
        w.endObject()
    }
}

extension TitleResult.Reason: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("met"); w.bool(met)
        w.key("text"); w.string(text)
        w.endObject()
    }
}

extension TargetResult: JSONWritable {
    public func write(to w: inout JSONWriter) { write(to: &w, items: false) }

    package func write(to w: inout JSONWriter, items withItems: Bool) {
        w.beginObject()
        w.key("code"); w.string(code)
        w.key("denominator"); w.int(denominator)
        if withItems { w.key("items"); w.array(items) }
        w.key("name"); w.string(name)
        w.key("numerator"); w.int(numerator)
        w.key("percent"); w.number(percent)
        w.key("target2025"); w.number(target2025)
        w.key("target2030"); w.number(target2030)
        w.endObject()
    }
}

extension TargetResult.Item: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("counted"); w.bool(counted)
        w.key("id"); w.string(id)
        w.key("kind"); w.string(kind)
        w.key("name"); w.string(name)
        w.endObject()
    }
}
