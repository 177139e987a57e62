import CareModel
import Foundation

// The model's types with their own JSON (a string or a number, checked as it is read): each
// gives the schema of that JSON and a valid value for the schema reader.

extension DivisionCode: SchemaLeaf {
    static var jsonSchema: JSONValue {
        .object(["type": "string", "pattern": "^[0-9]{6}([0-9]{3}([0-9]{3})?)?$", "description": "administrative division code (GB/T 2260, 6/9/12 digits)"])
    }
    static var schemaSample: DivisionCode { try! DivisionCode(validating: "340102") }
}

extension CitizenID: SchemaLeaf {
    static var jsonSchema: JSONValue {
        .object(["type": "string", "pattern": "^[0-9]{17}[0-9X]$", "description": "resident identity card number (GB 11643), masked in answers unless revealed"])
    }
    static var schemaSample: CitizenID { try! CitizenID(validating: "11010519491231002X") }
}

extension HLC: SchemaLeaf {
    static var jsonSchema: JSONValue { .object(["type": "integer", "format": "int64", "description": "hybrid logical clock reading"]) }
    static var schemaSample: HLC { HLC(packed: 0) }
}
