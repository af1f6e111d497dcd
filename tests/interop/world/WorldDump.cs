// Ground truth from Mono's own serializers for the World contracts (WorldContract.cs).
//
//   TZ=Europe/Prague mono WorldDump.exe fixtures   JSON: every case of WorldCases.cs, its
//                                                   DataContractSerializer (XML) and
//                                                   DataContractJsonSerializer (JSON) bytes or errors
//   mono WorldDump.exe schemas                      JSON: per type set, what XsdDataContractExporter
//                                                   exports ([{"set","types","schemas":[{"namespace","text"}]}])
//   TZ=Europe/Prague mono WorldDump.exe spec       JSON: per IWorld operation what its help page shows
//   TZ=Europe/Prague mono WorldDump.exe all        {"fixtures": ..., "schemas": ..., "spec": ...} (one start)
//   mono WorldDump.exe serve                        DumpKit's line protocol (roundtrip, convert)
//
// make_world.py turns these into fixtures/ and tests/specs/world/. The serializers, the
// protocol and the help-page rules are DumpKit's (../DumpKit.cs). WorldDumpNoRefs.exe is this
// tool built with NO_REFERENCES (Node is then a plain contract): its `spec` gives the JSON
// examples of the operations whose bodies DataContractJsonSerializer refuses (IsReference),
// as WCF's example generator, which ignores the z:Id/z:Ref attributes, would show them.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using DumpKit;

namespace World
{
    public static class WorldDump
    {
        // Where the spec says the service lives; tests substitute the real port.
        const string BaseUrl = "http://127.0.0.1:8080/World.svc";

        // The type sets whose schemas fixtures/schemas/ holds; the first type decides the main schema.
        static readonly string[][] TypeSets =
        {
            new[] { "collections", "Grids", "List<List<int>>", "int[][]", "List<string[]>", "List<List<Item>>",
                "Dictionary<string,List<int>>", "Dictionary<string,Dictionary<string,int>>", "List<List<List<int>>>" },
            new[] { "references", "Graph", "Node", "List<Node>", "Chain" },
            new[] { "namespaces", "Holder", "Base", "Derived", "Leaf" },
            new[] { "derived", "Derived" },
            new[] { "leaf", "Leaf" },
            new[] { "enums", "Settings", "Level", "Mood", "Rights" },
            new[] { "faults", "ErrorInfo", "NotFoundInfo", "Item" },
        };

        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            string mode = args.Length > 0 ? args[0] : "";
            switch (mode)
            {
                case "fixtures":
                    Console.Out.Write(FixturesJson());
                    return 0;
                case "schemas":
                    Console.Out.Write(SchemasJson());
                    return 0;
                case "spec":
                    Console.Out.Write(SpecJson());
                    return 0;
                case "all":
                    Console.Out.Write("{\"fixtures\":" + FixturesJson() + ",\"schemas\":" + SchemasJson() + ",\"spec\":" + SpecJson() + "}\n");
                    return 0;
                case "serve":
                    LineServer.Serve(WorldTypes.Names);
                    return 0;
                default:
                    Console.Error.WriteLine("usage: mono WorldDump.exe fixtures|schemas|spec|all|serve");
                    return 2;
            }
        }

        static string FixturesJson()
        {
            var cases = new CaseList(WorldTypes.Names);
            WorldCases.Define(cases.Add);
            return cases.ToJson();
        }

        static string SpecJson() { return HelpSpec.SpecJson(typeof(IWorld), BaseUrl, Samples.For); }

        static string SchemasJson()
        {
            var sets = new List<string>();
            foreach (string[] set in TypeSets)
            {
                string[] names = set.Skip(1).ToArray();
                XmlQualifiedName root;
                var schemas = new List<string>();
                foreach (XmlSchema schema in HelpSpec.ExportedSchemas(names.Select(n => WorldTypes.Names[n]), out root))
                    schemas.Add("{" + Json.Prop("namespace", schema.TargetNamespace) + "," + Json.Prop("text", HelpSpec.SchemaText(schema)) + "}");
                sets.Add("{" + Json.Prop("set", set[0]) + ",\"types\":[" + string.Join(",", names.Select(Json.Str).ToArray())
                    + "],\"schemas\":[" + string.Join(",", schemas.ToArray()) + "]}");
            }
            return "[\n" + string.Join(",\n", sets.ToArray()) + "\n]\n";
        }

        // Values of the help page's example generator (wcf-help-format.md §6.1-6.2): strings
        // "String content", numbers at their maximum, two list items in XML examples and one in
        // JSON ones; enums the first member in XML and 0 in JSON; a Base slot shows its first
        // known subtype in XML and the base type in JSON (issue 9 item 7).
        static class Samples
        {
            const string Text = "String content";
            const int Int = 2147483647;

            static List<T> Many<T>(bool xml, Func<T> make)
            {
                var list = new List<T> { make() };
                if (xml)
                    list.Add(make());
                return list;
            }

            static Item Item() { return new Item { Name = Text, Count = Int }; }

            static Node Node(bool xml)
            {
                return new Node { Name = Text, Children = Many(xml, () => new Node { Name = Text }) };
            }

            static Base BaseSlot(bool xml)
            {
                return xml ? new Derived { Name = Text, Size = Int } : new Base { Name = Text };
            }

            public static object For(Type type, bool xml)
            {
                Func<List<int>> ints = () => Many(xml, () => Int);
                if (type == typeof(Item)) return Item();
                if (type == typeof(Grids))
                    return new Grids
                    {
                        Grid = Many(xml, ints), Jagged = Many(xml, () => ints().ToArray()).ToArray(),
                        Rows = Many(xml, () => Many(xml, () => Text).ToArray()), Items = Many(xml, () => Many(xml, Item)),
                        ListsByKey = new Dictionary<string, List<int>> { { Text, ints() } },
                        Nested = new Dictionary<string, Dictionary<string, int>> { { Text, new Dictionary<string, int> { { Text, Int } } } },
                    };
                if (type == typeof(List<List<int>>)) return Many(xml, ints);
                if (type == typeof(int[][])) return Many(xml, () => ints().ToArray()).ToArray();
                if (type == typeof(List<string[]>)) return Many(xml, () => Many(xml, () => Text).ToArray());
                if (type == typeof(List<List<Item>>)) return Many(xml, () => Many(xml, Item));
                if (type == typeof(Dictionary<string, List<int>>)) return new Dictionary<string, List<int>> { { Text, ints() } };
                if (type == typeof(Dictionary<string, Dictionary<string, int>>))
                    return new Dictionary<string, Dictionary<string, int>> { { Text, new Dictionary<string, int> { { Text, Int } } } };
                if (type == typeof(Node)) return Node(xml);
                if (type == typeof(List<Node>)) return Many(xml, () => Node(xml));
                if (type == typeof(Graph))
                    return new Graph { First = Node(xml), Second = Node(xml), All = Many(xml, () => Node(xml)), Missing = Node(xml) };
                if (type == typeof(Base)) return BaseSlot(xml);
                if (type == typeof(Derived)) return new Derived { Name = Text, Size = Int };
                if (type == typeof(Leaf)) return new Leaf { Name = Text, Size = Int, Last = true };
                if (type == typeof(Holder))
                    return new Holder { Item = BaseSlot(xml), Items = Many(xml, () => BaseSlot(xml)), Exact = new Derived { Name = Text, Size = Int } };
                if (type == typeof(Level)) return xml ? Level.Low : (Level)0;
                if (type == typeof(Rights)) return Rights.None;
                if (type == typeof(Settings))
                    return new Settings
                    {
                        Level = xml ? Level.Low : 0, Mood = xml ? Mood.SoSo : 0, Rights = Rights.None,
                        MaybeLevel = xml ? Level.Low : 0, Levels = Many(xml, () => xml ? Level.Low : 0),
                    };
                if (type == typeof(ErrorInfo)) return new ErrorInfo { Code = Text, Message = Text };
                if (type == typeof(string)) return Text;
                throw new NotSupportedException("no sample for " + type);
            }
        }
    }
}
