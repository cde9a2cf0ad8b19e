// Terraform's built-in functions (src/sources/hcl/functions.ts): for every function the examples
// of Terraform's documentation page, the edge cases where JavaScript would answer differently
// from Terraform (number text, JSON escapes, set order, RE2 patterns, Go's empty-match and `$1x`
// rules, grapheme clusters), how Unknown arguments propagate (the first cause, kept as the same
// object) and where Terraform's result does not depend on them, and bad arguments (an Unknown
// "invalid" naming the function). Properties over the function table: no call throws, and all
// unknown arguments never give a known value.
import assert from "node:assert/strict";
import type { Span } from "../../../src/sources/hcl/ast.js";
import { callFunction, evaluatedFunctions } from "../../../src/sources/hcl/functions.js";
import { Unknown, type UnknownReason, type Value } from "../../../src/sources/hcl/value.js";

const AT: Span = { file: "main.tf", line: 7, column: 12 };
/** Unknown arguments with causes of their own, to check that the first cause comes back unchanged. */
const ARN = new Unknown("after-apply", "aws_s3_bucket.logs.arn is known only after apply", { file: "main.tf", line: 2, column: 3 });
const NAME = new Unknown("undecided", "var.name has no value", { file: "variables.tf", line: 1, column: 1 });

type Expected = { value: Value } | { unknown: UnknownReason; message: string } | { same: Unknown };
const is = (value: Value): Expected => ({ value });
const invalid = (message: string): Expected => ({ unknown: "invalid", message });
const undecided = (message: string): Expected => ({ unknown: "undecided", message });
const same = (unknown: Unknown): Expected => ({ same: unknown });

type Case = [fn: string, args: Value[], expected: Expected];

const CASES: Record<string, Case[]> = {
  // https://developer.hashicorp.com/terraform/language/functions/jsonencode (and jsondecode,
  // base64encode, base64decode, md5, sha256)
  encoding: [
    ["jsonencode", [{ hello: "world" }], is('{"hello":"world"}')],
    ["jsonencode", [{ b: [1, 2.5, 1e21, -0.000001], a: null, c: true }], is('{"a":null,"b":[1,2.5,1000000000000000000000,-0.000001],"c":true}')],
    ["jsonencode", ["<a href='x'>&</a>\u2028\u2029"], is('"\\u003ca href=\'x\'\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029"')],
    ["jsonencode", ['q"\\\n\r\t\b\f\u0001\u007f/é😀'], is('"q\\"\\\\\\n\\r\\t\\b\\f\\u0001\u007f/é😀"')],
    // keys in code point order: "10" before "9" (JavaScript keeps integer-like keys first), astral after U+FFFD
    ["jsonencode", [{ "9": 1, "10": 2, "\u{1F600}": 3, "\uFFFD": 4, B: 5, a: 6 }], is('{"10":2,"9":1,"B":5,"a":6,"\uFFFD":4,"\u{1F600}":3}')],
    ["jsonencode", [null], is("null")],
    ["jsonencode", [[]], is("[]")],
    ["jsonencode", [{}], is("{}")],
    ["jsonencode", [{ a: [1, ARN] }], same(ARN)],
    ["jsonencode", [], invalid("jsonencode(): takes 1 argument, got 0")],
    ["jsondecode", ['{"hello": "world"}'], is({ hello: "world" })],
    ["jsondecode", ["true"], is(true)],
    ["jsondecode", [' [1, 2.50, -3e2, "\\u00e9\\n", null, {"__proto__": {}}] '], is([1, 2.5, -300, "é\n", null, JSON.parse('{"__proto__": {}}') as Value])],
    ["jsondecode", ['{"a": 1, "a": 2}'], invalid('duplicate "a" property')],
    ["jsondecode", ["{'a': 1}"], invalid("jsondecode(): invalid JSON")],
    ["jsondecode", ["[1,]"], invalid("invalid JSON")],
    ["jsondecode", ["1 2"], invalid("extra characters")],
    ["jsondecode", ['"\t"'], invalid("control character")],
    ["jsondecode", ["123456789012345678901"], undecided("needs more precision")],
    ["jsondecode", ["0.1"], is(0.1)],
    ["jsondecode", [NAME], same(NAME)],
    ["base64encode", ["Hello World"], is("SGVsbG8gV29ybGQ=")],
    ["base64encode", ["é"], is("w6k=")],
    ["base64decode", ["SGVsbG8gV29ybGQ="], is("Hello World")],
    ["base64decode", ["SGVsbG8gV29ybGQ"], invalid("not standard padded base64")],
    ["base64decode", ["SGVs bG8="], invalid("not standard padded base64")],
    ["base64decode", ["/w=="], invalid("not valid UTF-8")],
    ["md5", ["hello world"], is("5eb63bbbe01eeed093cb22bb8f5acdc3")],
    ["sha1", ["hello world"], is("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")],
    ["sha256", ["hello world"], is("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")],
    ["sha512", [""], is("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")],
    ["sha256", [[]], invalid("sha256(): the argument must be a string, not tuple")],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/format (and formatlist)
  format: [
    ["format", ["Hello, %s!", "Ander"], is("Hello, Ander!")],
    ["format", ["There are %d lights", 4], is("There are 4 lights")],
    ["format", ["%[1]s%[2]s%[1]s%[3]s", "/", "path", "file.tf"], is("/path/file.tf")],
    ["format", ["%#v", "hello"], is('"hello"')],
    ["format", ["%#v", true], is("true")],
    ["format", ["%#v", 1], is("1")],
    ["format", ["%#v", { a: 1 }], is('{"a":1}')],
    ["format", ["%#v", [true]], is("[true]")],
    ["format", ["%#v", null], is("null")],
    ["format", ["%v|%v|%v|%v|%v", "s", 1.5, 100000, 1000000, 0.00001], is("s|1.5|100000|1e+06|1e-05")],
    ["format", ["%v %v %v", true, null, ["a", 1]], is('true null ["a",1]')],
    ["format", ["%s %s %s", 1.5, true, "x"], is("1.5 true x")],
    ["format", ["%5s|%-5s|%05s|%.2s|%.0s", "ab", "ab", "ab", "héllo", "ab"], is("   ab|ab   |000ab|hé|ab")],
    ["format", ["%3s|%.1s", "👾🕹️", "👾🕹️"], is(" 👾🕹️|👾")],
    ["format", ["%q", 'say "<hi>"'], is('"say \\"\\u003chi\\u003e\\""')],
    ["format", ["%d|%5d|%-5d|%05d|%+d|% d|%.3d|%+05d", 42, 42, 42, -42, 42, 42, 7, 42], is("42|   42|42   |-0042|+42| 42|007|+0042")],
    ["format", ["%d", "12"], is("12")],
    ["format", ["%f|%.2f|%8.3f|%-8.1f|%08.2f|%+.1f|%.0f", 3.14159, 3.14159, 3.14159, 2.25, -3.14159, 1, 2.5], is("3.141590|3.14|   3.142|2.2     |-0003.14|+1.0|2")],
    ["format", ["%.2f|%.2f|%.1f", 0.125, 0.375, 1e-9], is("0.12|0.38|0.0")],
    ["format", ["%.f|%.s", 2.75, "ab"], is("3|ab")],
    ["format", ["%.1f", 0.15], undecided("depends on Terraform's number precision")],
    ["format", ["%t %t", true, "false"], is("true false")],
    ["format", ["100%% %s", "sure"], is("100% sure")],
    ["format", ["%d", 1.5], invalid("an integer is required")],
    ["format", ["%d", "x"], invalid('a number is required, not "x"')],
    ["format", ["%s", null], invalid("null value cannot be formatted")],
    ["format", ["%s", ["a"]], invalid("must be a string, not tuple")],
    ["format", ["%t", 1], invalid('unsupported value for "%t"')],
    ["format", ["%s %s", "a"], invalid("not enough arguments")],
    ["format", ["%s", "a", "b"], invalid("too many arguments; only 1 used by format string")],
    ["format", ["plain", "b"], invalid("too many arguments; no verbs in format string")],
    ["format", ["%w", 1], invalid('unsupported format verb "w"')],
    ["format", ["50%"], invalid("invalid format string")],
    ["format", ["%e", 1], undecided("format(): the verb %e is not evaluated")],
    ["format", ["%x", 255], undecided("the verb %x is not evaluated")],
    ["format", ["%*d", 3, 1], undecided("width or precision from an argument")],
    ["format", ["%99999999d", 1], undecided("a width or precision over 1000")],
    ["format", ["arn:%s:%s", "aws", ["a", ARN]], same(ARN)],
    ["format", [NAME, "x"], same(NAME)],
    ["formatlist", ["Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"]], is(["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"])],
    ["formatlist", ["%s, %s!", "Salutations", ["Valentina", "Ander"]], is(["Salutations, Valentina!", "Salutations, Ander!"])],
    ["formatlist", ["%s-%s", ["a", "b"], ["x", "y"]], is(["a-x", "b-y"])],
    ["formatlist", ["%s", []], is([])],
    ["formatlist", ["plain"], is(["plain"])],
    ["formatlist", ["%s/%s", ["a", ARN], "x"], is(["a/x", ARN])],
    ["formatlist", ["%s", NAME], same(NAME)],
    ["formatlist", ["%s%s", ["a", "b"], ["x"]], invalid("argument 3 has length 1, which is inconsistent with argument 2 of length 2")],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/join (and split, lower, upper,
  // title, trim, trimspace, trimprefix, trimsuffix, startswith, endswith, strcontains, substr)
  strings: [
    ["join", ["-", ["foo", "bar", "baz"]], is("foo-bar-baz")],
    ["join", [", ", ["foo", "bar", "baz"]], is("foo, bar, baz")],
    ["join", [", ", ["foo"]], is("foo")],
    ["join", [",", ["a"], [1, true], []], is("a,1,true")],
    ["join", [",", ["a", ARN]], same(ARN)],
    ["join", [","], invalid("at least one list is required")],
    ["join", [",", ["a", null]], invalid("element 1 of list 1 is null")],
    ["join", [",", "a"], invalid("list 1 must be a list, set or tuple, not string")],
    ["split", [",", "foo,bar,baz"], is(["foo", "bar", "baz"])],
    ["split", [",", "foo"], is(["foo"])],
    ["split", [",", ""], is([""])],
    ["split", ["", "a😀b"], is(["a", "😀", "b"])],
    ["lower", ["HELLO"], is("hello")],
    ["lower", ["ΓΕΙΑ ΣΟΥ"], is("γεια σου")],
    ["lower", ["ΟΔΟΣ"], is("οδοσ")], // Go maps each letter alone: no final sigma
    ["lower", ["İ"], is("i")],
    ["upper", ["hello"], is("HELLO")],
    ["upper", ["алло!"], is("АЛЛО!")],
    ["upper", ["straße"], undecided("multi-character case mapping")],
    ["upper", [5], is("5")],
    ["upper", [null], invalid("upper(): the argument must not be null")],
    ["title", ["hello world"], is("Hello World")],
    ["title", ["hello_world-x.y z9a 9a"], is("Hello_world-X.Y Z9a 9a")],
    ["title", ["été\u00a0ok—no ǆemal"], is("Été\u00a0Ok—no ǅemal")], // NBSP separates, an em dash does not (Go)
    ["trimspace", ["  hello\n\n"], is("hello")],
    ["trimspace", ["\u0085\u00a0\u3000 x y\v\f"], is("x y")],
    ["trimspace", ["\ufeffx"], is("\ufeffx")], // not space to Go
    ["trim", ["?!hello?!", "!?"], is("hello")],
    ["trim", ["foobar", "far"], is("oob")],
    ["trim", ["   hello! world.!  ", "! "], is("hello! world.")],
    ["trimprefix", ["helloworld", "hello"], is("world")],
    ["trimprefix", ["helloworld", "cat"], is("helloworld")],
    ["trimprefix", ["--hello", "-"], is("-hello")],
    ["trimsuffix", ["helloworld", "world"], is("hello")],
    ["trimsuffix", ["helloworld", "cat"], is("helloworld")],
    ["trimsuffix", ["hello--", "-"], is("hello-")],
    ["trimsuffix", ["hello", ""], is("hello")],
    ["startswith", ["hello world", "hello"], is(true)],
    ["startswith", ["hello world", "world"], is(false)],
    ["endswith", ["hello world", "world"], is(true)],
    ["endswith", ["hello world", "hello"], is(false)],
    ["startswith", [ARN, "arn:"], same(ARN)],
    ["strcontains", ["hello world", "wor"], is(true)],
    ["strcontains", ["hello world", "wod"], is(false)],
    ["substr", ["hello world", 1, 4], is("ello")],
    ["substr", ["🤔🤷", 0, 1], is("🤔")],
    ["substr", ["hello world", -5, -1], is("world")],
    ["substr", ["hello world", 6, 10], is("world")],
    ["substr", ["hello", 9, 2], is("")],
    ["substr", ["hello", 1, 0], is("")],
    ["substr", ["hello", -2, 0], is("lo")], // go-cty's loop: a negative offset with length 0 takes the rest
    ["substr", ["hello", -9, 2], is("he")],
    ["substr", ["hello", 1.5, 2], invalid("the offset must be a whole number")],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/replace (and regex, regexall)
  regex: [
    ["replace", ["1 + 2 + 3", "+", "-"], is("1 - 2 - 3")],
    ["replace", ["hello world", "/w.*d/", "everybody"], is("hello everybody")],
    ["replace", ["abc", "", "-"], is("-a-b-c-")],
    ["replace", ["a/b", "/", "|"], is("a|b")], // one slash is not a pattern
    ["replace", ["abc", "/b*/", "-"], is("-a-c-")], // Go: no empty match right after a match
    ["replace", ["a-b", "/(\\w)-(\\w)/", "$2-$1|${1}x|$1x|$$|$"], is("b-a|ax||$|$")],
    ["replace", ["key=v", "/(?P<k>\\w+)=(?P<v>\\w+)/", "$v:${k}"], is("v:key")],
    ["replace", ["a.b.c", "/\\./", "-"], is("a-b-c")],
    ["replace", ["x\r\ny", "/x.y/", "-"], is("x\r\ny")], // . is not \n, but is \r in RE2: x\r is followed by \n
    ["replace", ["x\ry", "/x.y/", "-"], is("-")],
    ["replace", ["a\u00a0b c", "/\\s/", "_"], is("a\u00a0b_c")], // RE2 \s is ASCII
    ["replace", ["AbC", "/(?i)[a-c]+/", "x"], is("x")],
    ["replace", ["a\nb", "/(?m)^b$/", "B"], is("a\nB")],
    ["replace", ["a\rb", "/(?m)^b/", "B"], is("a\rb")], // RE2 lines break at \n only
    ["replace", ["a{2}", "/a{,2}/", "x"], is("a{2}")], // a brace that starts no repeat is literal
    ["replace", ["a]b", "/[]]/", "x"], is("axb")],
    ["replace", ["a1-b", "/[[:alpha:]]/", "x"], is("x1-x")],
    ["replace", ["Ωa", "/\\pL/", "x"], is("xx")],
    ["replace", ["αa", "/\\p{Greek}/", "x"], is("xa")],
    ["replace", ["a+b", "/\\Q+\\E/", "-"], is("a-b")],
    ["replace", ["cat concat", "/\\bcat\\b/", "dog"], is("dog concat")],
    ["replace", ["Cat", "/(?i)\\bcat/", "dog"], undecided("\\b with the i flag")],
    ["replace", ["aa", "/(a)\\1/", "x"], undecided("uses the escape \\1")],
    ["replace", ["aa", "/(?=a)/", "x"], undecided("a group form")],
    ["replace", ["aa", "/a(?i)a/", "x"], undecided("a group form")],
    ["replace", ["aa", "/a*+/", "x"], undecided("a repetition of a repetition")],
    ["replace", ["aa", "/(?U)a+/", "x"], undecided("the flag U")],
    ["replace", ["aa", "/(a/", "x"], undecided("does not translate")],
    ["replace", [ARN, "/:/", "-"], same(ARN)],
    ["regex", ["[a-z]+", "53453453.345345aaabbbccc23454"], is("aaabbbccc")],
    ["regex", ["(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"], is(["2019", "02", "01"])],
    ["regex", ["^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"], is({ authority: "terraform.io", scheme: "https" })],
    ["regex", ["a(x)?(b)", "ab"], is([null, "b"])],
    ["regex", ["[a-z]+", "53453453.34534523454"], invalid("pattern did not match any part of the given string")],
    ["regex", ["(?P<a>x)(y)", "xy"], invalid("cannot mix both named and unnamed capture groups")],
    ["regex", ["^arn:(?P<partition>[^:]+):s3:::(?P<bucket>.+)$", "arn:aws:s3:::logs"], is({ partition: "aws", bucket: "logs" })],
    ["regexall", ["[a-z]+", "1234abcd5678efgh9"], is(["abcd", "efgh"])],
    ["regexall", ["[a-z]+", "123456789"], is([])],
    ["regexall", ["b*", "abc"], is(["", "b", ""])], // Go's FindAll: the empty match right after "b" does not count
    ["regexall", ["(\\w)=(\\d)", "a=1 b=2"], is([["a", "1"], ["b", "2"]])],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/concat (and merge, lookup,
  // coalesce, coalescelist, length, keys, values)
  collections: [
    ["concat", [["a", ""], ["b", "c"]], is(["a", "", "b", "c"])],
    ["concat", [[], [1, "a"], [[3], "c"]], is([1, "a", [3], "c"])],
    ["concat", [["a", ARN], ["b"]], is(["a", ARN, "b"])],
    ["concat", [["a"], NAME], same(NAME)],
    ["concat", [["a"], "b"], invalid("argument 2 must be a list, set or tuple, not string")],
    ["merge", [{ a: "b", c: "d" }, { e: "f", c: "z" }], is({ a: "b", c: "z", e: "f" })],
    ["merge", [{ a: "b" }, { a: [1, 2], c: "z" }, { d: 3 }], is({ a: [1, 2], c: "z", d: 3 })],
    ["merge", [{ a: "b", c: "d" }, {}, { e: "f", c: "z" }], is({ a: "b", c: "z", e: "f" })],
    ["merge", [{ a: 1 }, null], is({ a: 1 })],
    ["merge", [], is({})],
    ["merge", [{ a: ARN, b: 1 }, { b: 2 }], is({ a: ARN, b: 2 })],
    ["merge", [{ a: 1 }, NAME], same(NAME)],
    ["merge", [{ a: 1 }, ["b"]], invalid("arguments must be maps or objects, got tuple (argument 2)")],
    ["lookup", [{ a: "ay", b: "bee" }, "a", "what?"], is("ay")],
    ["lookup", [{ a: "ay", b: "bee" }, "c", "what?"], is("what?")],
    ["lookup", [{ a: "ay" }, "a"], is("ay")],
    ["lookup", [{ a: ARN, b: "x" }, "b"], is("x")],
    ["lookup", [{ a: ARN }, "a"], same(ARN)],
    ["lookup", [{ a: "ay" }, NAME, "d"], same(NAME)],
    ["lookup", [{ a: "ay" }, "a", NAME], is("ay")], // the default is not needed
    ["lookup", [{ a: "ay" }, "b", NAME], same(NAME)],
    ["lookup", [ARN, "a", "d"], same(ARN)],
    ["lookup", [{ a: "ay" }, "c"], invalid('lookup failed to find key "c"')],
    ["lookup", [{ a: "ay" }], invalid("lookup(): takes at least 2 arguments, got 1")],
    ["lookup", [{ a: "ay" }, "a", "b", "c"], invalid("lookup(): takes at most 3 arguments, got 4")],
    ["lookup", [["a"], "a"], invalid("the map must be a map or object, not tuple")],
    ["coalesce", ["a", "b"], is("a")],
    ["coalesce", ["", "b"], is("b")],
    ["coalesce", [1, 2], is(1)],
    ["coalesce", [1, "hello"], is("1")],
    ["coalesce", [true, "hello"], is("true")],
    ["coalesce", [{}, "hello"], invalid("all elements must have the same type")],
    ["coalesce", [null, "", "c"], is("c")],
    ["coalesce", ["a", NAME], is("a")], // an unknown after the result does not matter...
    ["coalesce", [null, NAME, "a"], same(NAME)], // ...one before it does
    ["coalesce", [1, NAME], same(NAME)], // NAME could be a string, which makes the result "1"
    ["coalesce", [null, ""], invalid("no non-null, non-empty-string arguments")],
    ["coalescelist", [["a", "b"], ["c", "d"]], is(["a", "b"])],
    ["coalescelist", [[], ["c", "d"]], is(["c", "d"])],
    ["coalescelist", [[], NAME, ["c"]], same(NAME)],
    ["coalescelist", [["a"], NAME], is(["a"])],
    ["coalescelist", [[], []], invalid("no non-null arguments")],
    ["coalescelist", ["a"], invalid("must be lists or tuples")],
    ["length", [[]], is(0)],
    ["length", [["a", "b"]], is(2)],
    ["length", [{ a: "b" }], is(1)],
    ["length", ["hello"], is(5)],
    ["length", ["👾🕹️"], is(2)],
    ["length", [["a", ARN]], is(2)],
    ["length", [ARN], same(ARN)],
    ["length", [null], invalid("argument must not be null")],
    ["length", [5], invalid("argument must be a string, a collection type, or a structural type")],
    ["keys", [{ a: 1, c: 2, d: 3 }], is(["a", "c", "d"])],
    ["keys", [{ b: ARN, "10": 1, "9": 2 }], is(["10", "9", "b"])],
    ["keys", [["a"]], invalid("must be a map or object, not tuple")],
    ["values", [{ a: 3, c: 2, d: 1 }], is([3, 2, 1])],
    ["values", [{ b: ARN, a: 1 }], is([1, ARN])],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/contains (and index, element,
  // flatten, distinct, compact, one, zipmap, sort, range, slice, reverse)
  sequences: [
    ["contains", [["a", "b", "c"], "a"], is(true)],
    ["contains", [["a", "b", "c"], "d"], is(false)],
    ["contains", [["1"], 1], is(false)], // no conversion: a string is never a number
    ["contains", [[{ a: [1] }], { a: [1] }], is(true)],
    ["contains", [[ARN, "a"], "a"], is(true)],
    ["contains", [[ARN, "a"], "b"], same(ARN)],
    ["contains", [[[ARN, 1]], [2, 2]], is(false)],
    ["contains", [[], NAME], same(NAME)],
    ["contains", [{ a: 1 }, "a"], invalid("must be a list, set or tuple")],
    ["index", [["a", "b", "c"], "b"], is(1)],
    ["index", [["one", "two", "two"], "two"], is(1)],
    ["index", [["a", ARN, "b"], "b"], same(ARN)],
    ["index", [["a"], "z"], invalid("item not found")],
    ["element", [["a", "b", "c"], 1], is("b")],
    ["element", [["a", "b", "c"], 3], is("a")],
    ["element", [["a", "b", "c"], -1], is("c")],
    ["element", [["a", "b", "c"], -4], is("c")],
    ["element", [["a", ARN], 0], is("a")],
    ["element", [["a", ARN], 1], same(ARN)],
    ["element", [[], 0], invalid("cannot use element function with an empty list")],
    ["element", [["a"], "x"], invalid('cannot convert "x" to number')],
    ["flatten", [[["a", "b"], [], ["c"]]], is(["a", "b", "c"])],
    ["flatten", [[[["a", "b"], []], ["c"]]], is(["a", "b", "c"])],
    ["flatten", [[{ a: [1] }, [{ b: ARN }]]], is([{ a: [1] }, { b: ARN }])],
    ["flatten", [[["a"], ARN]], same(ARN)],
    ["distinct", [["a", "b", "a", "c", "d", "b"]], is(["a", "b", "c", "d"])],
    ["distinct", [["1", 1, true, "true"]], is(["1", "true"])],
    ["distinct", [["a", ARN]], same(ARN)],
    ["compact", [["a", "", "b", null, "c"]], is(["a", "b", "c"])],
    ["compact", [[1, ""]], is(["1"])],
    ["compact", [["a", ARN]], same(ARN)],
    ["one", [[]], is(null)],
    ["one", [["hello"]], is("hello")],
    ["one", [[ARN]], same(ARN)],
    ["one", [["hello", "goodbye"]], invalid("must be a list, set, or tuple value with either zero or one elements")],
    ["zipmap", [["a", "b"], [1, 2]], is({ a: 1, b: 2 })],
    ["zipmap", [["a", "a"], [1, 2]], is({ a: 2 })],
    ["zipmap", [["a", "b"], [ARN, 2]], is({ a: ARN, b: 2 })],
    ["zipmap", [["a", NAME], [1, 2]], same(NAME)],
    ["zipmap", [["a"], [1, 2]], invalid("number of keys (1) does not match number of values (2)")],
    ["zipmap", [[null], [1]], invalid("keys list has null value at index 0")],
    ["sort", [["e", "d", "a", "x"]], is(["a", "d", "e", "x"])],
    ["sort", [[10, 9, "B", "a"]], is(["10", "9", "B", "a"])], // lexical, as strings
    ["sort", [["b", ARN]], same(ARN)],
    ["range", [3], is([0, 1, 2])],
    ["range", [1, 4], is([1, 2, 3])],
    ["range", [1, 8, 2], is([1, 3, 5, 7])],
    ["range", [1, 4, 0.5], is([1, 1.5, 2, 2.5, 3, 3.5])],
    ["range", [4, 1], is([4, 3, 2])],
    ["range", [10, 5, -2], is([10, 8, 6])],
    ["range", [-2], is([0, -1])],
    ["range", [0], is([])],
    ["range", [0, 1, 0.1], undecided("not exact in binary")],
    ["range", [1, 4, 0], invalid("step must not be zero")],
    ["range", [1, 4, -1], invalid("end must be less than start when step is negative")],
    ["range", [4, 1, 1], invalid("end must be greater than start when step is positive")],
    ["range", [2000], invalid("more than 1024 values")],
    ["range", [], invalid("range(): takes at least 1 argument, got 0")],
    ["slice", [["a", "b", "c", "d"], 1, 3], is(["b", "c"])],
    ["slice", [["a", ARN], 0, 1], is(["a"])],
    ["slice", [["a"], 0, 2], invalid("end index must not be greater than the length of the list")],
    ["slice", [["a", "b"], 2, 1], invalid("start index must not be greater than end index")],
    ["slice", [["a"], -1, 1], invalid("start index must not be less than zero")],
    ["reverse", [[1, 2, 3]], is([3, 2, 1])],
    ["reverse", [{ a: 1 }], invalid("can only reverse list or tuple values, not object")],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/tostring (and tonumber, tobool,
  // tolist, toset, tomap, setunion, setintersection, setsubtract)
  conversions: [
    ["tostring", ["hello"], is("hello")],
    ["tostring", [1], is("1")],
    ["tostring", [true], is("true")],
    ["tostring", [null], is(null)],
    ["tostring", [[]], invalid("cannot convert tuple to string")],
    ["tostring", [0.1], is("0.1")],
    ["tostring", [1e-7], is("0.0000001")],
    ["tostring", [-1.5e22], is("-15000000000000000000000")],
    ["tonumber", [1], is(1)],
    ["tonumber", ["1"], is(1)],
    ["tonumber", ["-2.5e3"], is(-2500)],
    ["tonumber", [null], is(null)],
    ["tonumber", ["no"], invalid('cannot convert "no" to number: string must be a decimal representation of a number')],
    ["tonumber", [" 1"], invalid("cannot convert")],
    ["tonumber", [true], invalid("cannot convert bool to number")],
    ["tonumber", ["12345678901234567890"], undecided("needs more precision than this evaluator keeps")],
    ["tonumber", ["0.000100"], is(0.0001)],
    ["tonumber", [".5"], is(0.5)],
    ["tonumber", ["Infinity"], undecided("as a number is not evaluated")],
    ["tobool", [true], is(true)],
    ["tobool", ["true"], is(true)],
    ["tobool", [null], is(null)],
    ["tobool", ["no"], invalid('cannot convert "no" to bool: only the strings "true" or "false" are allowed')],
    ["tobool", [1], invalid("cannot convert number to bool")],
    ["tolist", [["a", "b", "c"]], is(["a", "b", "c"])],
    ["tolist", [["a", "b", 3]], is(["a", "b", "3"])],
    ["tolist", [["a", ARN, 1]], is(["a", ARN, "1"])],
    ["tolist", [[1, ARN]], same(ARN)], // ARN could be a string, which would turn 1 into "1"
    ["tolist", [[1, true]], invalid("all elements must have the same type")],
    ["tolist", [["a", ["b"]]], invalid("all elements must have the same type")],
    ["tolist", [[{ a: 1 }, { a: 2 }]], is([{ a: 1 }, { a: 2 }])],
    ["tolist", [[{ a: 1 }, { b: 2 }]], undecided("elements of different shapes")],
    ["tolist", [{ a: 1 }], invalid("cannot convert object to list")],
    ["toset", [["a", "b", "c"]], is(["a", "b", "c"])],
    ["toset", [["a", "b", 3]], is(["3", "a", "b"])],
    ["toset", [["c", "b", "b"]], is(["b", "c"])],
    ["toset", [[3, 1, 2, 1]], is([1, 2, 3])],
    ["toset", [[true, false, true]], is([false, true])],
    ["toset", [["é", "z", "😀", "\uFFFD"]], is(["z", "é", "\uFFFD", "😀"])],
    ["toset", [["a", ARN]], same(ARN)],
    ["toset", [["a", null]], undecided("sets with null elements")],
    ["tomap", [{ a: 1, b: 2 }], is({ a: 1, b: 2 })],
    ["tomap", [{ a: "foo", b: true }], is({ a: "foo", b: "true" })],
    ["tomap", [{ a: "foo", b: ARN }], is({ a: "foo", b: ARN })],
    ["tomap", [["a"]], invalid("cannot convert tuple to map")],
    ["setunion", [["a", "b"], ["b", "c"], ["d"]], is(["a", "b", "c", "d"])],
    ["setunion", [[1], ["1"]], is(["1"])],
    ["setintersection", [["a", "b", "c"], ["b", "c", "d"], ["c", "b"]], is(["b", "c"])],
    ["setsubtract", [["a", "b", "c"], ["a", "c"]], is(["b"])],
    ["setunion", [setsubtract(["a", "b", "c"], ["a", "c", "d"]), setsubtract(["a", "c", "d"], ["a", "b", "c"])], is(["b", "d"])],
    ["setsubtract", [["a", ARN], ["a"]], same(ARN)],
    ["setsubtract", [["a"]], invalid("setsubtract(): takes 2 arguments, got 1")],
  ],

  // https://developer.hashicorp.com/terraform/language/functions/min (and max, abs, ceil, floor)
  numbers: [
    ["min", [12, 54, 3], is(3)],
    ["max", [12, 54, 3], is(54)],
    ["max", ["7", 5], is(7)],
    ["min", [], invalid("must pass at least one number")],
    ["min", [1, "x"], invalid('argument 2: cannot convert "x" to number')],
    ["max", [1, ARN], same(ARN)],
    ["abs", [23], is(23)],
    ["abs", [0], is(0)],
    ["abs", [-12.4], is(12.4)],
    ["ceil", [5], is(5)],
    ["ceil", [5.1], is(6)],
    ["ceil", [-0.5], is(0)],
    ["floor", [5], is(5)],
    ["floor", [4.9], is(4)],
    ["floor", [-4.1], is(-5)],
  ],

  // Calls that are not evaluated: files, values that change on every run, unknown names.
  "not evaluated": [
    ["file", ["${path.module}/policy.json"], undecided("file(): reads files: not evaluated")],
    ["templatefile", ["t.tpl", {}], undecided("templatefile(): reads files: not evaluated")],
    ["uuid", [], { unknown: "after-apply", message: "uuid() changes on every run" }],
    ["timestamp", [], { unknown: "after-apply", message: "timestamp() changes on every run" }],
    ["cidrsubnet", ["10.0.0.0/16", 8, 1], undecided("function cidrsubnet() is not evaluated by cloudtrail-lint")],
    ["constructor", [], undecided("function constructor() is not evaluated")],
    ["try", [1], undecided("function try() is not evaluated")],
    ["core::upper", ["a"], is("A")],
  ],
};

/** setsubtract's value for building an argument, as Terraform would have it. */
function setsubtract(a: Value[], b: Value[]): Value {
  return callFunction("setsubtract", [a, b], AT);
}

function check(fn: string, args: Value[], expected: Expected): void {
  const got = callFunction(fn, args, AT);
  if ("value" in expected) {
    assert.ok(!(got instanceof Unknown), `expected a value, got Unknown ${got instanceof Unknown ? `${got.reason}: ${got.message}` : ""}`);
    assert.deepEqual(got, expected.value);
  } else if ("same" in expected) {
    assert.equal(got, expected.same);
  } else {
    assert.ok(got instanceof Unknown, `expected an Unknown, got ${JSON.stringify(got)}`);
    assert.equal(got.reason, expected.unknown);
    assert.ok(got.message.includes(expected.message), `message ${JSON.stringify(got.message)} lacks ${JSON.stringify(expected.message)}`);
    assert.deepEqual(got.at, AT);
  }
}

const label = (fn: string, args: Value[]) =>
  `${fn}(${args.map((a) => (a instanceof Unknown ? `<${a.message}>` : JSON.stringify(a))).join(", ")})`;

describe("hcl functions", () => {
  for (const [family, cases] of Object.entries(CASES)) {
    describe(family, () => {
      const seen = new Set<string>();
      for (const [fn, args, expected] of cases) {
        const name = label(fn, args);
        it(name, () => {
          assert.ok(!seen.has(name), "duplicate case");
          seen.add(name);
          check(fn, args, expected);
        });
      }
    });
  }

  it("every evaluated function has a case of its own", () => {
    const tested = new Set(Object.values(CASES).flatMap((cases) => cases.map(([fn]) => fn)));
    assert.deepEqual(
      evaluatedFunctions.filter((fn) => !tested.has(fn)),
      [],
    );
  });

  // A pool of awkward arguments, for every function with up to three of them.
  const POOL: Value[] = [null, "", "x", "/(/", 0, -1.5, true, [], ["a", 1], { a: null }];

  it("no call throws and every result is a value or an Unknown at the call", () => {
    for (const fn of evaluatedFunctions) {
      for (const args of combinations(POOL, 3)) {
        let got: Value;
        try {
          got = callFunction(fn, args, AT);
        } catch (error) {
          assert.fail(`${label(fn, args)} threw ${String(error)}`);
        }
        if (got instanceof Unknown) assert.deepEqual(got.at, AT, label(fn, args));
      }
    }
  });

  it("unknown arguments never give a known value", () => {
    for (const fn of evaluatedFunctions) {
      for (let n = 0; n <= 3; n++) {
        if (n === 0 && fn === "merge") continue; // merge() is {}
        const args = Array.from({ length: n }, (_, i) => (i === 0 ? ARN : NAME));
        const got = callFunction(fn, args, AT);
        assert.ok(got instanceof Unknown, `${label(fn, args)} gave ${JSON.stringify(got)}`);
        if (got !== ARN && got !== NAME) assert.equal(got.reason, "invalid", `${label(fn, args)}: ${got.message}`);
      }
    }
  });
});

/** Every argument list of length 0 to `max` drawn from the pool. */
function* combinations(pool: readonly Value[], max: number): Generator<Value[]> {
  for (let n = 0; n <= max; n++) yield* tuples(pool, n);
}

function* tuples(pool: readonly Value[], n: number): Generator<Value[]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (const rest of tuples(pool, n - 1)) for (const v of pool) yield [v, ...rest];
}
