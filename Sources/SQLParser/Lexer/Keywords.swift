// PostgreSQL 15's keyword list (kwlist.h) with each word's category and
// whether it may be a column label without AS, as `pg_get_keywords()` on a
// PostgreSQL 15.18 server reports them.

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
    package static let table: [String: KeywordInfo] = build()

    /// The keyword `word` (already lower case), or nil for a plain name.
    ///
    /// The scanner calls this for every name, so it probes an
    /// open-addressing table by an FNV-1a hash of the bytes, comparing
    /// hashes before strings, instead of hashing with SipHash.
    package static func lookup(_ word: String) -> KeywordInfo? {
        var word = word
        let hash = word.withUTF8 { bytes -> UInt32 in
            bytes.count > longest ? 0 : fnv1a(bytes)
        }
        guard hash != 0 else { return nil }
        let index = probe.lookup(hash: hash, word: word)
        return index.map { probe.infos[$0] }
    }

    /// The longest keyword's length in bytes.
    private static let longest = table.keys.map(\.utf8.count).max() ?? 0

    /// FNV-1a over `bytes`, never 0 (0 marks "too long to be a keyword").
    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash == 0 ? 1 : hash
    }

    /// The probing table: slots hold an index into `words` or -1.
    private struct ProbeTable {
        var words: [String] = []
        var infos: [KeywordInfo] = []
        var hashes: [UInt32] = []
        var slots = [Int](repeating: -1, count: 2048)

        func lookup(hash: UInt32, word: String) -> Int? {
            var slot = Int(hash) & (slots.count - 1)
            while slots[slot] >= 0 {
                let index = slots[slot]
                if hashes[index] == hash && words[index] == word { return index }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    private static let probe: ProbeTable = {
        var probe = ProbeTable()
        for (word, info) in table.sorted(by: { $0.key < $1.key }) {
            var text = word
            let hash = text.withUTF8 { fnv1a($0) }
            var slot = Int(hash) & (probe.slots.count - 1)
            while probe.slots[slot] >= 0 { slot = (slot + 1) & (probe.slots.count - 1) }
            probe.slots[slot] = probe.words.count
            probe.words.append(word)
            probe.infos.append(info)
            probe.hashes.append(hash)
        }
        return probe
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

    private static func build() -> [String: KeywordInfo] {
        var result: [String: KeywordInfo] = [:]
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
            result[String(parts[0])] = KeywordInfo(
                category: category, isBareLabel: parts[1].hasSuffix("+"))
        }
        return result
    }
}
