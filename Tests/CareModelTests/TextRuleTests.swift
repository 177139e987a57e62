import CareModel
import Foundation
import Testing

@Suite struct TextRuleTests {
    @Test func textIsReturnedExactlyAsGiven() {
        var v = Validator()
        #expect(v.text("王桂兰", "name", max: 50) == "王桂兰")
        #expect(v.text("第一行\r\n第二行\t完", "notes", max: 50, multiline: true) == "第一行\r\n第二行\t完")
        #expect(v.text("", "notes", optional: true) == nil)
        #expect(v.errors.isEmpty)
    }

    @Test func controlCharactersAreRefusedNamingTheFieldAndTheCharacter() {
        for (text, code) in [("王\u{0}桂兰", "U+0000"), ("a\u{7}b", "U+0007"), ("a\u{7F}b", "U+007F"), ("a\u{85}b", "U+0085"), ("a\u{2028}b", "U+2028"), ("a\u{2029}b", "U+2029")] {
            var v = Validator()
            #expect(v.text(text, "name", max: 50) == nil)
            #expect(v.errors.map(\.field) == ["name"])
            #expect(v.errors.first?.message.contains(code) == true, "\(code)")
            #expect(v.errors.first?.messageZh.contains("控制字符") == true)
        }
    }

    @Test func tabsAndLineBreaksAreAllowedOnlyInNotes() {
        var v = Validator()
        #expect(v.text("a\nb", "name") == nil)
        #expect(v.text("a\tb", "relation") == nil)
        #expect(v.text("a\nb\tc", "note", max: 10, multiline: true) == "a\nb\tc")
        // A carriage return only as half of CR LF: a lone one rewrites a line on a terminal.
        #expect(v.text("a\rb", "note", max: 10, multiline: true) == nil)
        #expect(v.text("a\u{0}b", "note", max: 10, multiline: true) == nil)
        #expect(v.errors.map(\.field) == ["name", "relation", "note", "note"])
    }

    @Test func surroundingWhitespaceIsRefusedNotTrimmed() {
        for text in [" 王桂兰", "王桂兰 ", "王桂兰\u{3000}", "\u{A0}王桂兰", "   "] {
            var v = Validator()
            #expect(v.text(text, "name", max: 50) == nil, "\(text.debugDescription)")
            #expect(v.errors.first?.message.contains("whitespace") == true)
        }
        var notes = Validator()
        #expect(notes.text("备注\n", "notes", max: 50, optional: true, multiline: true) == nil)
    }

    @Test func lengthIsCountedInCharactersAndNeverCut() {
        var v = Validator()
        #expect(v.text(String(repeating: "王", count: 50), "name", max: 50) != nil)
        #expect(v.text(String(repeating: "王", count: 51), "name", max: 50) == nil)
        #expect(v.errors.map(\.field) == ["name"])
    }

    @Test func aPasswordBcryptWouldCutIsRefused() {
        var v = Validator()
        #expect(Operator.checkPassword("Correct horse 1", "password", &v) == "Correct horse 1")
        #expect(Operator.checkPassword(String(repeating: "密", count: 25), "password", &v) == nil)  // 75 bytes
        #expect(Operator.checkPassword("Correct\u{0}horse1", "password", &v) == nil)
        #expect(v.errors.map(\.field) == ["password", "password"])
    }
}
