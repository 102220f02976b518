// PostgreSQL 15's keyword list (kwlist.h) with each word's category and
// whether it may be a column label without AS, as `pg_get_keywords()` on a
// PostgreSQL 15.18 server reports them, and the scanner's keyword lookup.

/// How freely a keyword may be used as a name, from gram.y's four lists.
package enum KeywordCategory: UInt8, Hashable, Sendable {
    /// `unreserved_keyword`: usable as any name.
    case unreserved
    /// `col_name_keyword`: a column or table name, not a function or type.
    case columnName
    /// `type_func_name_keyword`: a function or type name, not a column.
    case typeFunctionName
    /// `reserved_keyword`: only after AS or quoted.
    case reserved
}

/// A keyword's category and whether it is a `bare_label_keyword`.
package struct KeywordInfo: Hashable, Sendable {
    /// The gram.y list the keyword belongs to.
    package var category: KeywordCategory
    /// True when `SELECT 1 word` may use the keyword as a label.
    package var isBareLabel: Bool
}

/// Lookup of PostgreSQL 15's keywords by their lower-case spelling.
package enum Keywords {
    /// Every keyword, keyed by its lower-case text.
    package static let table: [String: KeywordInfo] = {
        var table: [String: KeywordInfo] = [:]
        for code in 1..<words.count { table[words[code]] = infos[code] }
        return table
    }()

    /// Spellings indexed by `Keyword.rawValue` (index 0 is empty).
    package static let words: [String] = entries.map(\.word)

    /// Categories indexed by `Keyword.rawValue` (index 0 is unused).
    package static let infos: [KeywordInfo] = entries.map(\.info)

    /// The keyword `word` (already lower case), or nil for a plain name.
    package static func lookup(_ word: String) -> KeywordInfo? {
        let code = self.code(of: word)
        return code == 0 ? nil : infos[Int(code)]
    }

    /// The raw value of the keyword spelled `word` (lower case), or 0.
    package static func code(of word: String) -> UInt16 {
        var word = word
        return word.withUTF8 { bytes -> UInt16 in
            var hash = hashSeed
            for byte in bytes { hash = mix(hash, byte) }
            return probe.find(hash: hash) { code in
                probe.spelling(of: code).elementsEqual(bytes)
            }
        }
    }

    /// The raw value of the keyword whose spelling, folded to lower case,
    /// is `scalars[start..<end]`, given its FNV-1a `hash` over the folded
    /// bytes; 0 when it is no keyword. The scanner hashes as it scans.
    static func code(
        folded scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int, to end: Int,
        hash: UInt32
    ) -> UInt16 {
        guard end - start <= longest else { return 0 }
        return probe.find(hash: hash) { code in
            let spelling = probe.spelling(of: code)
            guard spelling.count == end - start else { return false }
            var index = start
            for byte in spelling {
                var value = scalars[index].value
                if value >= 0x41 && value <= 0x5A { value += 32 }
                if value != UInt32(byte) { return false }
                index += 1
            }
            return true
        }
    }

    /// FNV-1a's offset basis: the hash of no bytes.
    static var hashSeed: UInt32 { 2_166_136_261 }

    /// One FNV-1a step over a lower-case ASCII byte.
    @inline(__always)
    static func mix(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(byte)) &* 16_777_619
    }

    /// The longest keyword's length in bytes (`current_timestamp`); a unit
    /// test checks it against the table.
    static var longest: Int { 17 }

    /// An open-addressing table from FNV-1a hashes to keyword codes, with
    /// the spellings flattened into one byte array. A class, so that a
    /// lookup shares the arrays instead of copying five of them.
    private final class ProbeTable: Sendable {
        let slots: [UInt16]
        let hashes: [UInt32]
        let bytes: [UInt8]
        let starts: [Int]
        let ends: [Int]

        init(slots: [UInt16], hashes: [UInt32], bytes: [UInt8], starts: [Int], ends: [Int]) {
            self.slots = slots
            self.hashes = hashes
            self.bytes = bytes
            self.starts = starts
            self.ends = ends
        }

        /// The bytes of keyword `code`'s spelling.
        func spelling(of code: UInt16) -> ArraySlice<UInt8> {
            bytes[starts[Int(code)]..<ends[Int(code)]]
        }

        /// The code whose hash is `hash` and for which `matches` holds.
        @inline(__always)
        func find(hash: UInt32, matches: (UInt16) -> Bool) -> UInt16 {
            var slot = Int(hash) & (slots.count - 1)
            while slots[slot] != 0 {
                let code = slots[slot]
                if hashes[Int(code)] == hash && matches(code) { return code }
                slot = (slot + 1) & (slots.count - 1)
            }
            return 0
        }
    }

    private static let probe: ProbeTable = {
        var slots = [UInt16](repeating: 0, count: 2048)
        var hashes: [UInt32] = [0]
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var ends: [Int] = [0]
        for code in 1..<words.count {
            let spelling = Array(words[code].utf8)
            var hash = hashSeed
            for byte in spelling { hash = mix(hash, byte) }
            var slot = Int(hash) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = UInt16(code)
            hashes.append(hash)
            starts.append(bytes.count)
            bytes.append(contentsOf: spelling)
            ends.append(bytes.count)
        }
        return ProbeTable(slots: slots, hashes: hashes, bytes: bytes, starts: starts, ends: ends)
    }()

    // Each entry is `word:CB` where C is the category code of
    // pg_get_keywords() (U, C, T, R) and B is `+` for a bare label.
    private static let source: String = """
        abort:U+ absolute:U+ access:U+ action:U+ add:U+ admin:U+ after:U+ aggregate:U+
        all:R+ also:U+ alter:U+ always:U+ analyse:R+ analyze:R+ and:R+ any:R+ array:R- as:R-
        asc:R+ asensitive:U+ assertion:U+ assignment:U+ asymmetric:R+ at:U+ atomic:U+
        attach:U+ attribute:U+ authorization:T+ backward:U+ before:U+ begin:U+ between:C+
        bigint:C+ binary:T+ bit:C+ boolean:C+ both:R+ breadth:U+ by:U+ cache:U+ call:U+
        called:U+ cascade:U+ cascaded:U+ case:R+ cast:R+ catalog:U+ chain:U+ char:C-
        character:C- characteristics:U+ check:R+ checkpoint:U+ class:U+ close:U+ cluster:U+
        coalesce:C+ collate:R+ collation:T+ column:R+ columns:U+ comment:U+ comments:U+
        commit:U+ committed:U+ compression:U+ concurrently:T+ configuration:U+ conflict:U+
        connection:U+ constraint:R+ constraints:U+ content:U+ continue:U+ conversion:U+
        copy:U+ cost:U+ create:R- cross:T+ csv:U+ cube:U+ current:U+ current_catalog:R+
        current_date:R+ current_role:R+ current_schema:T+ current_time:R+
        current_timestamp:R+ current_user:R+ cursor:U+ cycle:U+ data:U+ database:U+ day:U-
        deallocate:U+ dec:C+ decimal:C+ declare:U+ default:R+ defaults:U+ deferrable:R+
        deferred:U+ definer:U+ delete:U+ delimiter:U+ delimiters:U+ depends:U+ depth:U+
        desc:R+ detach:U+ dictionary:U+ disable:U+ discard:U+ distinct:R+ do:R+ document:U+
        domain:U+ double:U+ drop:U+ each:U+ else:R+ enable:U+ encoding:U+ encrypted:U+
        end:R+ enum:U+ escape:U+ event:U+ except:R- exclude:U+ excluding:U+ exclusive:U+
        execute:U+ exists:C+ explain:U+ expression:U+ extension:U+ external:U+ extract:C+
        false:R+ family:U+ fetch:R- filter:U- finalize:U+ first:U+ float:C+ following:U+
        for:R- force:U+ foreign:R+ forward:U+ freeze:T+ from:R- full:T+ function:U+
        functions:U+ generated:U+ global:U+ grant:R- granted:U+ greatest:C+ group:R-
        grouping:C+ groups:U+ handler:U+ having:R- header:U+ hold:U+ hour:U- identity:U+
        if:U+ ilike:T+ immediate:U+ immutable:U+ implicit:U+ import:U+ in:R+ include:U+
        including:U+ increment:U+ index:U+ indexes:U+ inherit:U+ inherits:U+ initially:R+
        inline:U+ inner:T+ inout:C+ input:U+ insensitive:U+ insert:U+ instead:U+ int:C+
        integer:C+ intersect:R- interval:C+ into:R- invoker:U+ is:T+ isnull:T- isolation:U+
        join:T+ key:U+ label:U+ language:U+ large:U+ last:U+ lateral:R+ leading:R+
        leakproof:U+ least:C+ left:T+ level:U+ like:T+ limit:R- listen:U+ load:U+ local:U+
        localtime:R+ localtimestamp:R+ location:U+ lock:U+ locked:U+ logged:U+ mapping:U+
        match:U+ matched:U+ materialized:U+ maxvalue:U+ merge:U+ method:U+ minute:U-
        minvalue:U+ mode:U+ month:U- move:U+ name:U+ names:U+ national:C+ natural:T+
        nchar:C+ new:U+ next:U+ nfc:U+ nfd:U+ nfkc:U+ nfkd:U+ no:U+ none:C+ normalize:C+
        normalized:U+ not:R+ nothing:U+ notify:U+ notnull:T- nowait:U+ null:R+ nullif:C+
        nulls:U+ numeric:C+ object:U+ of:U+ off:U+ offset:R- oids:U+ old:U+ on:R- only:R+
        operator:U+ option:U+ options:U+ or:R+ order:R- ordinality:U+ others:U+ out:C+
        outer:T+ over:U- overlaps:T- overlay:C+ overriding:U+ owned:U+ owner:U+ parallel:U+
        parameter:U+ parser:U+ partial:U+ partition:U+ passing:U+ password:U+ placing:R+
        plans:U+ policy:U+ position:C+ preceding:U+ precision:C- prepare:U+ prepared:U+
        preserve:U+ primary:R+ prior:U+ privileges:U+ procedural:U+ procedure:U+
        procedures:U+ program:U+ publication:U+ quote:U+ range:U+ read:U+ real:C+
        reassign:U+ recheck:U+ recursive:U+ ref:U+ references:R+ referencing:U+ refresh:U+
        reindex:U+ relative:U+ release:U+ rename:U+ repeatable:U+ replace:U+ replica:U+
        reset:U+ restart:U+ restrict:U+ return:U+ returning:R- returns:U+ revoke:U+ right:T+
        role:U+ rollback:U+ rollup:U+ routine:U+ routines:U+ row:C+ rows:U+ rule:U+
        savepoint:U+ schema:U+ schemas:U+ scroll:U+ search:U+ second:U- security:U+
        select:R+ sequence:U+ sequences:U+ serializable:U+ server:U+ session:U+
        session_user:R+ set:U+ setof:C+ sets:U+ share:U+ show:U+ similar:T+ simple:U+
        skip:U+ smallint:C+ snapshot:U+ some:R+ sql:U+ stable:U+ standalone:U+ start:U+
        statement:U+ statistics:U+ stdin:U+ stdout:U+ storage:U+ stored:U+ strict:U+
        strip:U+ subscription:U+ substring:C+ support:U+ symmetric:R+ sysid:U+ system:U+
        table:R+ tables:U+ tablesample:T+ tablespace:U+ temp:U+ template:U+ temporary:U+
        text:U+ then:R+ ties:U+ time:C+ timestamp:C+ to:R- trailing:R+ transaction:U+
        transform:U+ treat:C+ trigger:U+ trim:C+ true:R+ truncate:U+ trusted:U+ type:U+
        types:U+ uescape:U+ unbounded:U+ uncommitted:U+ unencrypted:U+ union:R- unique:R+
        unknown:U+ unlisten:U+ unlogged:U+ until:U+ update:U+ user:R+ using:R+ vacuum:U+
        valid:U+ validate:U+ validator:U+ value:U+ values:C+ varchar:C+ variadic:R+
        varying:U- verbose:T+ version:U+ view:U+ views:U+ volatile:U+ when:R+ where:R-
        whitespace:U+ window:R- with:R- within:U- without:U- work:U+ wrapper:U+ write:U+
        xml:U+ xmlattributes:C+ xmlconcat:C+ xmlelement:C+ xmlexists:C+ xmlforest:C+
        xmlnamespaces:C+ xmlparse:C+ xmlpi:C+ xmlroot:C+ xmlserialize:C+ xmltable:C+ year:U-
        yes:U+ zone:U+
        """

    /// The entries of `source` in alphabetical order, after an empty one
    /// standing for code 0.
    private static let entries: [(word: String, info: KeywordInfo)] = {
        var result: [(word: String, info: KeywordInfo)] = []
        for entry in source.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let code = parts[1].first else { continue }
            let category: KeywordCategory
            switch code {
            case "C": category = .columnName
            case "T": category = .typeFunctionName
            case "R": category = .reserved
            default: category = .unreserved
            }
            let info = KeywordInfo(category: category, isBareLabel: parts[1].hasSuffix("+"))
            result.append((String(parts[0]), info))
        }
        result.sort { $0.word < $1.word }
        let none = KeywordInfo(category: .unreserved, isBareLabel: true)
        return [("", none)] + result
    }()
}
