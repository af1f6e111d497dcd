// Ground truth from Mono's own serializers for the Showcase contracts (ShowcaseContract.cs).
//
//   TZ=Europe/Prague mono ShowcaseDump.exe fixtures   JSON on stdout: every fixture case, its
//                                                      DataContractSerializer (XML) and
//                                                      DataContractJsonSerializer (JSON) bytes
//   TZ=Europe/Prague mono ShowcaseDump.exe spec       JSON on stdout: per IShowcase operation what
//                                                      its WCF help page shows (URL, table rows,
//                                                      examples, XsdDataContractExporter schemas)
//   mono ShowcaseDump.exe serve                        line protocol for ad-hoc checks (below)
//
// make_spec.py turns "fixtures" into fixtures/*.xml|json and "spec" into the help pages under
// tests/specs/showcase/. The serializers, the `serve` protocol and the help-page rules are
// DumpKit's (../DumpKit.cs); the examples are sample instances (Samples below, using the help
// page's constants) serialized with Mono's DCS/DCJS. <type> names are TypeNames' keys (e.g.
// Everything, Tag, List<Tag>, int, DateTime).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DumpKit;

namespace Showcase
{
    public static class ShowcaseDump
    {
        // Where the spec says the service lives; tests substitute the real port.
        const string BaseUrl = "http://127.0.0.1:8080/Showcase.svc";

        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            string mode = args.Length > 0 ? args[0] : "";
            switch (mode)
            {
                case "fixtures":
                    Console.Out.Write(Cases().ToJson());
                    return 0;
                case "spec":
                    Console.Out.Write(HelpSpec.SpecJson(typeof(IShowcase), BaseUrl, Samples.For));
                    return 0;
                case "serve":
                    LineServer.Serve(TypeNames);
                    return 0;
                default:
                    Console.Error.WriteLine("usage: mono ShowcaseDump.exe fixtures|spec|serve");
                    return 2;
            }
        }


        static readonly Dictionary<string, Type> TypeNames = new Dictionary<string, Type>
        {
            { "Everything", typeof(Everything) }, { "List<Everything>", typeof(List<Everything>) },
            { "Tag", typeof(Tag) }, { "List<Tag>", typeof(List<Tag>) }, { "Shape", typeof(Shape) },
            { "Circle", typeof(Circle) }, { "Square", typeof(Square) }, { "List<Shape>", typeof(List<Shape>) },
            { "Color", typeof(Color) }, { "Perms", typeof(Perms) },
            { "List<string>", typeof(List<string>) }, { "List<int>", typeof(List<int>) },
            { "Dictionary<string,int>", typeof(Dictionary<string, int>) },
            { "object", typeof(object) }, { "string", typeof(string) }, { "bool", typeof(bool) },
            { "byte", typeof(byte) }, { "sbyte", typeof(sbyte) }, { "short", typeof(short) },
            { "ushort", typeof(ushort) }, { "int", typeof(int) }, { "uint", typeof(uint) },
            { "long", typeof(long) }, { "ulong", typeof(ulong) }, { "float", typeof(float) },
            { "double", typeof(double) }, { "decimal", typeof(decimal) }, { "DateTime", typeof(DateTime) },
            { "DateTimeOffset", typeof(DateTimeOffset) }, { "TimeSpan", typeof(TimeSpan) },
            { "Guid", typeof(Guid) }, { "char", typeof(char) }, { "byte[]", typeof(byte[]) },
            { "Uri", typeof(Uri) }, { "int?", typeof(int?) },
        };

        // ------------------------------------------------------------------ fixtures

        static DateTime Dt(int y, int mo, int d, int h, int mi, int s, DateTimeKind kind, long extraTicks = 0)
        {
            return new DateTime(y, mo, d, h, mi, s, kind).AddTicks(extraTicks);
        }

        static Tag T(string key, int weight) { return new Tag { Key = key, Weight = weight }; }

        // Every member set, each to a value that is easy to get subtly wrong.
        public static Everything FullEverything()
        {
            return new Everything
            {
                Text = "Žluťoučký kůň <&> \"'\t\n 😀",
                Flag = true,
                U8 = 255,
                I8 = -128,
                I16 = -32768,
                I32 = int.MinValue,
                I64 = long.MinValue,
                U16 = ushort.MaxValue,
                U32 = uint.MaxValue,
                U64 = ulong.MaxValue,
                F32 = 1.1f,
                F64 = 0.1,
                Money = 1.10m,
                When = Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc, 1234567),
                WhenOffset = new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromMinutes(330)),
                Duration = new TimeSpan(1, 2, 3, 4, 500),
                Id = new Guid("1627aea5-8e0a-4371-9022-9b504344e724"),
                Letter = 'é',
                Blob = new byte[] { 0, 1, 127, 128, 254, 255 },
                Link = new Uri("http://www.example.com/a b?x=1&y=é"),
                MaybeInt = null,
                MaybeDouble = -2.5,
                MaybeId = null,
                MaybeWhen = Dt(1999, 5, 31, 11, 20, 0, DateTimeKind.Local),
                MaybeColor = Color.Green,
                Color = Color.Blue,
                Perms = Perms.Read | Perms.Write,
                Names = new List<string> { "a", null, "" },
                Numbers = new List<int> { 1, -2 },
                Tags = new List<Tag> { T("k1", 1), null },
                Counts = new Dictionary<string, int> { { "x", 1 }, { "", -1 } },
                Shape = new Circle { Name = "c", Color = Color.Red, Radius = 1.5 },
                Shapes = new List<Shape> { new Square { Name = "s", Color = Color.Green, Side = 2 }, new Shape { Name = "b", Color = Color.Blue }, null },
                Anything = T("any", 7),
                Nested = T("n", 42),
            };
        }

        // The smallest Everything both serializers can write. Color has no member for 0, so
        // default(Everything) has no XML form at all; and default(DateTime) (MinValue,
        // Unspecified) has no JSON form east of UTC: DCJS converts it to UTC first, which
        // underflows (everything-default, everything-unspecified-when).
        static Everything MinimalEverything()
        {
            return new Everything { Color = Color.Red, When = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) };
        }

        // MinimalEverything with Letter = 'x': the base of the single-member variants below.
        // default(char) is U+0000, which Mono's WCF cannot carry in JSON at all (its JSON
        // message goes through an XML writer that rejects control characters), so variants
        // built on the minimal one could never be echoed by the host.
        static Everything BaseEverything()
        {
            Everything e = MinimalEverything();
            e.Letter = 'x';
            return e;
        }

        static CaseList Cases()
        {
            var cases = new CaseList(TypeNames);
            Action<string, string, object, string> Add = cases.Add;
            Add("everything", "Everything", FullEverything(), "FullEverything() in ShowcaseDump.cs: every member set");
            Add("everything-minimal", "Everything", MinimalEverything(),
                "new Everything { Color = Red, When = 0001-01-01 Utc }: all other members default/null");
            Add("everything-base", "Everything", BaseEverything(), "minimal, but Letter = 'x' (the base of the variants)");
            Add("everything-default", "Everything", new Everything(), "new Everything(): Color = 0 is not a Color member");
            Add("everything-unspecified-when", "Everything", new Everything { Color = Color.Red },
                "new Everything { Color = Red }: When = default(DateTime), Kind Unspecified");
            Add("everything-list", "List<Everything>", new List<Everything> { FullEverything(), BaseEverything(), null },
                "[FullEverything(), base, null]");

            // object member (xs:anyType)
            object[][] anything =
            {
                new object[] { "string", "text" }, new object[] { "empty-string", "" }, new object[] { "int", 42 },
                new object[] { "long", 42L }, new object[] { "double", 0.5 }, new object[] { "decimal", 1.10m },
                new object[] { "bool", true }, new object[] { "char", 'a' }, new object[] { "byte", (byte)7 },
                new object[] { "guid", new Guid("1627aea5-8e0a-4371-9022-9b504344e724") },
                new object[] { "datetime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc) },
                new object[] { "timespan", TimeSpan.FromMinutes(90) }, new object[] { "uri", new Uri("http://www.example.com/") },
                new object[] { "bytes", new byte[] { 1, 2, 3 } }, new object[] { "tag", T("k", 1) },
                new object[] { "circle", new Circle { Name = "c", Color = Color.Red, Radius = 1 } },
                new object[] { "color", Color.Green }, new object[] { "perms", Perms.Read | Perms.Execute },
                new object[] { "object", new object() }, new object[] { "list-string", new List<string> { "a" } },
            };
            foreach (object[] a in anything)
            {
                var e = BaseEverything();
                e.Anything = a[1];
                Add("anything-" + a[0], "Everything", e, "base Everything with Anything = (" + a[1].GetType().Name + ") " + CaseList.Show(a[1]));
            }

            // polymorphic member and root
            Everything baseShape = BaseEverything(), square = BaseEverything();
            baseShape.Shape = new Shape { Name = "b", Color = Color.Blue };
            square.Shape = new Square { Name = "s", Color = Color.Blue, Side = 3 };
            Add("shape-member-base", "Everything", baseShape, "base Everything, Shape = new Shape (the declared type: no type hint)");
            Add("shape-member-square", "Everything", square, "base Everything, Shape = new Square");
            Add("shape-root-circle", "Shape", new Circle { Name = "c", Color = Color.Red, Radius = 2.5 }, "root declared Shape, value Circle");
            Add("circle-root", "Circle", new Circle { Name = "c", Color = Color.Red, Radius = 2.5 }, "root declared Circle");
            Add("shapes", "List<Shape>", new List<Shape> { new Circle { Name = "c", Color = Color.Red, Radius = 1 }, new Square { Name = "s", Color = Color.Blue, Side = 2 }, new Shape { Name = "b", Color = Color.Green } }, "List<Shape> root");

            // DateTime kinds and ranges (root dateTime; the Showcase host runs in Europe/Prague)
            Add("datetime-utc", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc, 1234567), "2024-05-01 10:20:30.1234567 Utc");
            Add("datetime-local", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Local, 1234567), "2024-05-01 10:20:30.1234567 Local (CEST, +02:00)");
            Add("datetime-unspecified", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Unspecified, 1234567), "2024-05-01 10:20:30.1234567 Unspecified");
            Add("datetime-local-winter", "DateTime", Dt(2024, 1, 15, 8, 0, 0, DateTimeKind.Local), "2024-01-15 08:00 Local (CET, +01:00)");
            Add("datetime-utc-whole", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc), "2024-05-01 10:20:30 Utc, no fraction");
            Add("datetime-utc-fraction-trailing-zeros", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc, 1000000), "10:20:30.1 Utc");
            Add("datetime-utc-submillisecond", "DateTime", Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc, 9999), "10:20:30.0009999 Utc (JSON keeps whole ms only)");
            Add("datetime-before-epoch-utc", "DateTime", Dt(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc, 5000000), "1969-12-31 23:59:59.5 Utc");
            Add("datetime-min-unspecified", "DateTime", DateTime.MinValue, "DateTime.MinValue (Unspecified)");
            Add("datetime-min-utc", "DateTime", DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), "DateTime.MinValue, Kind Utc");
            Add("datetime-max-utc", "DateTime", DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), "DateTime.MaxValue, Kind Utc");
            Add("datetime-max-unspecified", "DateTime", DateTime.MaxValue, "DateTime.MaxValue (Unspecified)");

            // DateTimeOffset (member, it has no root element of its own in WCF's primitives)
            foreach (int minutes in new[] { 330, -480, 0 })
            {
                var e = BaseEverything();
                e.WhenOffset = new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromMinutes(minutes)).AddTicks(1234567);
                Add("datetimeoffset-" + (minutes < 0 ? "minus" : "plus") + Math.Abs(minutes), "Everything", e,
                    "base Everything, WhenOffset = 2024-05-01 10:20:30.1234567 offset " + minutes + " min");
            }
            Add("datetimeoffset-root", "DateTimeOffset", new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromMinutes(-90)), "root DateTimeOffset, offset -01:30");

            // TimeSpan
            Add("timespan-zero", "TimeSpan", TimeSpan.Zero, "TimeSpan.Zero");
            Add("timespan-mixed", "TimeSpan", new TimeSpan(1, 2, 3, 4, 500), "1.02:03:04.5");
            Add("timespan-negative", "TimeSpan", -new TimeSpan(0, 0, 0, 1, 250), "-00:00:01.25");
            Add("timespan-ticks", "TimeSpan", TimeSpan.FromTicks(1), "one tick");
            Add("timespan-help-sample", "TimeSpan", new TimeSpan(428, 10, 30, 12, 300), "P428DT10H30M12.3S (help-page constant)");
            Add("timespan-max", "TimeSpan", TimeSpan.MaxValue, "TimeSpan.MaxValue");
            Add("timespan-min", "TimeSpan", TimeSpan.MinValue, "TimeSpan.MinValue");

            // floating point
            object[][] doubles =
            {
                new object[] { "0.1", 0.1 }, new object[] { "minus-zero", -0.0 }, new object[] { "nan", double.NaN },
                new object[] { "inf", double.PositiveInfinity }, new object[] { "minus-inf", double.NegativeInfinity },
                new object[] { "epsilon", double.Epsilon }, new object[] { "max", double.MaxValue },
                new object[] { "1e21", 1e21 }, new object[] { "1e-5", 1e-5 }, new object[] { "100", 100.0 },
                new object[] { "help-sample", 1.26743233E+15 }, new object[] { "9007199254740994", 9007199254740994.0 },
                new object[] { "1e15", 1e15 }, new object[] { "1e16", 1e16 }, new object[] { "1e-4", 1e-4 },
            };
            foreach (object[] d in doubles)
                Add("double-" + d[0], "double", d[1], "double " + CaseList.Show(d[1]));
            object[][] floats =
            {
                new object[] { "1.1", 1.1f }, new object[] { "help-sample", 1.26743237E+15f }, new object[] { "nan", float.NaN },
                new object[] { "max", float.MaxValue }, new object[] { "epsilon", float.Epsilon }, new object[] { "inf", float.PositiveInfinity },
            };
            foreach (object[] f in floats)
            {
                var e = BaseEverything();
                e.F32 = (float)f[1];
                Add("float-" + f[0], "Everything", e, "base Everything, F32 = " + CaseList.Show(f[1]));
            }

            // decimal
            object[][] decimals =
            {
                new object[] { "zero", 0m }, new object[] { "1.10", 1.10m }, new object[] { "minus-0.001", -0.001m },
                new object[] { "max", decimal.MaxValue }, new object[] { "min", decimal.MinValue },
                new object[] { "1e-28", 0.0000000000000000000000000001m }, new object[] { "help-sample", 12678967.543233m },
                new object[] { "100.000", 100.000m },
            };
            foreach (object[] m in decimals)
                Add("decimal-" + m[0], "decimal", m[1], "decimal " + CaseList.Show(m[1]));

            // integers (roots)
            Add("int-min", "int", int.MinValue, "int.MinValue");
            Add("long-max", "long", long.MaxValue, "long.MaxValue");
            Add("ulong-max", "ulong", ulong.MaxValue, "ulong.MaxValue");
            Add("sbyte-min", "sbyte", sbyte.MinValue, "sbyte.MinValue (xs:byte)");
            Add("byte-max", "byte", byte.MaxValue, "byte.MaxValue (xs:unsignedByte)");
            Add("bool-false", "bool", false, "false");

            // char
            object[][] chars =
            {
                new object[] { "a", 'a' }, new object[] { "e-acute", 'é' }, new object[] { "nul", '\0' },
                new object[] { "quote", '"' }, new object[] { "lone-surrogate", '\uD83D' }, new object[] { "slash", '/' },
            };
            foreach (object[] c in chars)
                Add("char-" + c[0], "char", c[1], "char U+" + ((int)(char)c[1]).ToString("X4", CultureInfo.InvariantCulture));

            // strings
            object[][] strings =
            {
                new object[] { "empty", "" }, new object[] { "null", null }, new object[] { "escapes", "<&>\"' /\\" },
                new object[] { "whitespace", " \t\r\n " }, new object[] { "control", "a\u0001b\u001fc\u007f" },
                new object[] { "unicode", "Příliš 😀 \u2028\u2029" }, new object[] { "lone-surrogate", "a\uD83Db" },
                new object[] { "help-sample", "String content" },
            };
            foreach (object[] s in strings)
                Add("string-" + s[0], "string", s[1], "string " + CaseList.Show(s[1]));

            // byte[]
            Add("bytes-help-sample", "byte[]", Encoding.ASCII.GetBytes("Base 64 Stream"), "bytes of \"Base 64 Stream\"");
            Add("bytes-empty", "byte[]", new byte[0], "empty byte[]");
            Add("bytes-null", "byte[]", null, "null byte[]");

            // Guid
            Add("guid-empty", "Guid", Guid.Empty, "Guid.Empty");
            Add("guid-mixed", "Guid", new Guid("1627AEA5-8E0A-4371-9022-9B504344E724"), "Guid parsed from upper case");

            // Uri
            Add("uri-absolute", "Uri", new Uri("http://www.example.com/a b/é?q=1&r=a b#frag"), "absolute Uri with space, é, query, fragment");
            Add("uri-relative", "Uri", new Uri("a b/c", UriKind.Relative), "relative Uri \"a b/c\"");
            Add("uri-escaped", "Uri", new Uri("http://www.example.com/a%20b"), "Uri from an escaped string");

            // enums
            Add("color-red", "Color", Color.Red, "Color.Red (1)");
            Add("color-green", "Color", Color.Green, "Color.Green (5, EnumMember Value = DarkGreen)");
            Add("color-undefined", "Color", (Color)3, "(Color)3: not a member");
            Add("color-zero", "Color", (Color)0, "(Color)0: not a member");
            Add("perms-none", "Perms", Perms.None, "Perms.None (0)");
            Add("perms-read-write", "Perms", Perms.Read | Perms.Write, "Read | Write (3)");
            Add("perms-all", "Perms", Perms.Read | Perms.Write | Perms.Execute, "Read | Write | Execute (7)");
            Add("perms-undefined", "Perms", (Perms)8, "(Perms)8: no such flag");

            // collections
            Add("tags", "List<Tag>", new List<Tag> { T("a", 1), null, T(null, 0) }, "[Tag(a, 1), null, Tag(null, 0)]");
            Add("tags-empty", "List<Tag>", new List<Tag>(), "empty List<Tag>");
            Add("strings", "List<string>", new List<string> { "a", null, "" }, "[\"a\", null, \"\"]");
            Add("counts", "Dictionary<string,int>", new Dictionary<string, int> { { "a", 1 }, { "b", -2 } }, "{a: 1, b: -2}");
            Add("counts-empty", "Dictionary<string,int>", new Dictionary<string, int>(), "empty dictionary");
            Add("tag", "Tag", T("k", 1), "Tag(k, 1)");
            Add("tag-null-key", "Tag", T(null, 0), "Tag(null, 0)");
            return cases;
        }

        // ------------------------------------------------------------------ help pages

        // Values of the help page's example generator (wcf-help-format.md §6.1), so the
        // examples look like WCF's. Lists: 2 items in XML examples, 1 in JSON ones (§6.2).
        static class Samples
        {
            public const string Text = "String content";
            public static readonly Guid Id = new Guid("1627aea5-8e0a-4371-9022-9b504344e724");
            public static readonly DateTime When = new DateTime(1999, 5, 31, 11, 20, 0);
            public static readonly TimeSpan Duration = new TimeSpan(428, 10, 30, 12, 300);

            public static Tag Tag() { return new Tag { Key = Text, Weight = 2147483647 }; }

            public static Circle Circle()
            {
                return new Circle { Name = Text, Color = Color.Red, Radius = 1.26743233E+15 };
            }

            public static Everything Everything(bool xml)
            {
                return new Everything
                {
                    Text = Text, Flag = true, U8 = 255, I8 = 127, I16 = 32767, I32 = 2147483647,
                    I64 = 9223372036854775807, U16 = 65535, U32 = 4294967295, U64 = 18446744073709551615,
                    F32 = 1.26743237E+15f, F64 = 1.26743233E+15, Money = 12678967.543233m,
                    When = When, WhenOffset = new DateTimeOffset(When, TimeSpan.FromHours(2)), Duration = Duration,
                    Id = Id, Letter = 'a', Blob = Encoding.ASCII.GetBytes("Base 64 Stream"),
                    Link = new Uri("http://www.example.com/"),
                    MaybeInt = 2147483647, MaybeDouble = 1.26743233E+15, MaybeId = Id, MaybeWhen = When,
                    MaybeColor = Color.Red, Color = Color.Red, Perms = Perms.Read | Perms.Write,
                    Names = Many(xml, () => Text), Numbers = Many(xml, () => 2147483647), Tags = Many(xml, Tag),
                    Counts = new Dictionary<string, int> { { Text, 2147483647 } },  // keys must differ: one entry
                    Shape = Circle(),
                    Shapes = xml
                        ? new List<Shape> { Circle(), new Square { Name = Text, Color = Color.Red, Side = 1.26743233E+15 } }
                        : new List<Shape> { Circle() },
                    Anything = Tag(), Nested = Tag(),
                };
            }

            static List<T> Many<T>(bool xml, Func<T> make)
            {
                var list = new List<T> { make() };
                if (xml)
                    list.Add(make());
                return list;
            }

            public static object For(Type type, bool xml)
            {
                if (type == typeof(Everything)) return Everything(xml);
                if (type == typeof(List<Everything>)) return Many(xml, () => Everything(xml));
                if (type == typeof(Tag)) return Tag();
                if (type == typeof(List<Tag>)) return Many(xml, Tag);
                if (type == typeof(List<string>)) return Many(xml, () => Text);
                if (type == typeof(Dictionary<string, int>)) return new Dictionary<string, int> { { Text, 2147483647 } };
                if (type == typeof(string)) return Text;
                if (type == typeof(int)) return 2147483647;
                if (type == typeof(long)) return 9223372036854775807L;
                if (type == typeof(double)) return 1.26743233E+15;
                if (type == typeof(decimal)) return 12678967.543233m;
                if (type == typeof(bool)) return true;
                if (type == typeof(DateTime)) return When;
                if (type == typeof(Guid)) return Id;
                if (type == typeof(TimeSpan)) return Duration;
                if (type == typeof(char)) return 'a';
                throw new NotSupportedException("no sample for " + type);
            }
        }

    }
}
