// The World fixture cases: named values of the WorldContract.cs types. WorldDump.cs writes
// each with DataContractSerializer and DataContractJsonSerializer (fixtures/), and the host
// answers GET Samples/<Type>/{name} with the same values, so a client can be checked in both
// directions against the same bytes.
using System;
using System.Collections.Generic;

namespace World
{
    public static class WorldCases
    {
        // add(name, type name (WorldTypes.Names), value, description)
        public static void Define(Action<string, string, object, string> add)
        {
            Collections(add);
            Graphs(add);
            Namespaces(add);
            Enums(add);
            add("error-info", "ErrorInfo", Error(), "ErrorInfo { Code = E42, Message = \"Count must not be negative\" }");
            add("not-found-info", "NotFoundInfo", new NotFoundInfo { Resource = "Item", Id = "x" }, "NotFoundInfo { Resource = Item, Id = x }");
            add("item", "Item", new Item { Name = "i", Count = 1 }, "Item { Name = i, Count = 1 }");
        }

        public static ErrorInfo Error() { return new ErrorInfo { Code = "E42", Message = "Count must not be negative" }; }

        static Item I(string name, int count) { return new Item { Name = name, Count = count }; }

        static void Collections(Action<string, string, object, string> add)
        {
            add("grids", "Grids", new Grids
            {
                Grid = new List<List<int>> { new List<int> { 1, 2 }, new List<int>(), null },
                Jagged = new[] { new[] { 3, -4 }, null, new int[0] },
                Rows = new List<string[]> { new[] { "a", null, "" }, null },
                Items = new List<List<Item>> { new List<Item> { I("a", 1), null }, new List<Item>() },
                ListsByKey = new Dictionary<string, List<int>> { { "k", new List<int> { 1, 2 } }, { "e", new List<int>() }, { "n", null } },
                Nested = new Dictionary<string, Dictionary<string, int>>
                {
                    { "o", new Dictionary<string, int> { { "i", 2 }, { "j", -3 } } }, { "e", new Dictionary<string, int>() }, { "n", null },
                },
            }, "every member set, with empty and null inner collections");
            add("grids-null", "Grids", new Grids(), "new Grids(): every member null");
            add("grids-empty", "Grids", new Grids
            {
                Grid = new List<List<int>>(), Jagged = new int[0][], Rows = new List<string[]>(), Items = new List<List<Item>>(),
                ListsByKey = new Dictionary<string, List<int>>(), Nested = new Dictionary<string, Dictionary<string, int>>(),
            }, "every member an empty outer collection");
            add("list-list-int", "List<List<int>>", new List<List<int>> { new List<int> { 1, 2 }, new List<int>(), null }, "[[1, 2], [], null]");
            add("list-list-int-empty", "List<List<int>>", new List<List<int>>(), "[]");
            add("jagged", "int[][]", new[] { new[] { 1, 2 }, new int[0], null }, "int[][] { {1, 2}, {}, null }: the contract of List<List<int>>");
            add("list-list-list-int", "List<List<List<int>>>",
                new List<List<List<int>>> { new List<List<int>> { new List<int> { 1 }, null }, null }, "[[[1], null], null]: three levels");
            add("list-string-array", "List<string[]>", new List<string[]> { new[] { "a", null, "" }, new string[0], null }, "[[\"a\", null, \"\"], [], null]");
            add("list-list-item", "List<List<Item>>",
                new List<List<Item>> { new List<Item> { I("a", 1), null }, new List<Item>(), null }, "[[Item(a, 1), null], [], null]");
            add("lists-by-key", "Dictionary<string,List<int>>",
                new Dictionary<string, List<int>> { { "k", new List<int> { 1, 2 } }, { "e", new List<int>() }, { "n", null } },
                "{k: [1, 2], e: [], n: null}");
            add("nested-dictionary", "Dictionary<string,Dictionary<string,int>>",
                new Dictionary<string, Dictionary<string, int>> { { "o", new Dictionary<string, int> { { "i", 2 } } }, { "e", new Dictionary<string, int>() }, { "n", null } },
                "{o: {i: 2}, e: {}, n: null}");
        }

        static Node N(string name) { return new Node { Name = name }; }

        static Node Cycle()
        {
            Node parent = N("parent"), child = N("child");
            parent.Children = new List<Node> { child };
            child.Parent = parent;
            return parent;
        }

        static void Graphs(Action<string, string, object, string> add)
        {
            add("node", "Node", N("a"), "a Node without parent or children");
            Node self = N("self");
            self.Parent = self;
            add("node-self", "Node", self, "a Node whose Parent is itself");
            add("node-cycle", "Node", Cycle(), "parent <-> child: parent.Children = [child], child.Parent = parent");
            Node root = N("root"), left = N("left"), right = N("right"), leaf = N("leaf");
            root.Children = new List<Node> { left, right };
            left.Parent = right.Parent = root;
            left.Children = new List<Node> { leaf };
            leaf.Parent = left;
            right.Children = new List<Node> { leaf, null };  // leaf shared by two parents' lists
            add("node-family", "Node", root, "root -> [left, right], left -> [leaf], right -> [leaf, null]; every Parent set");

            Node a = N("a"), b = N("b");
            b.Parent = a;
            add("nodes-shared", "List<Node>", new List<Node> { a, a, b, null }, "[a, a, b, null], b.Parent = a");
            add("nodes-empty", "List<Node>", new List<Node>(), "[]");
            add("graph-shared", "Graph", new Graph { First = a, Second = a, All = new List<Node> { a, b, a } },
                "Graph { First = a, Second = a, All = [a, b, a], Missing = null }, b.Parent = a");
            Node parent = Cycle();
            add("graph-cycle", "Graph", new Graph { First = parent.Children[0], Second = parent },
                "Graph { First = child, Second = parent } of node-cycle");
            add("graph-null", "Graph", new Graph(), "new Graph(): every member null");

            add("chain", "Chain", new Chain { Name = "a", Next = new Chain { Name = "b" } }, "a -> b, no cycle");
            Chain loop = new Chain { Name = "loop" };
            loop.Next = loop;
            add("chain-cycle", "Chain", loop, "a Chain whose Next is itself (Chain is not IsReference)");
        }

        static void Namespaces(Action<string, string, object, string> add)
        {
            add("base", "Base", new Base { Name = "b" }, "Base { Name = b } declared Base");
            add("base-derived", "Base", new Derived { Name = "d", Size = 2 }, "Derived { Name = d, Size = 2 } declared Base");
            add("base-leaf", "Base", new Leaf { Name = "l", Size = 3, Last = true }, "Leaf { Name = l, Size = 3, Last = true } declared Base");
            add("derived", "Derived", new Derived { Name = "d", Size = 2 }, "Derived { Name = d, Size = 2 } declared Derived");
            add("derived-leaf", "Derived", new Leaf { Name = "l", Size = 3, Last = true }, "Leaf declared Derived");
            add("leaf", "Leaf", new Leaf { Name = "l", Size = 3, Last = true }, "Leaf declared Leaf");
            add("holder", "Holder", new Holder
            {
                Item = new Derived { Name = "d", Size = 2 },
                Items = new List<Base> { new Base { Name = "b" }, new Derived { Name = "d", Size = 2 }, new Leaf { Name = "l", Size = 3, Last = true }, null },
                Exact = new Leaf { Name = "x", Size = 4 },
            }, "Holder { Item = Derived, Items = [Base, Derived, Leaf, null], Exact = Leaf (declared Derived) }");
            add("holder-null", "Holder", new Holder(), "new Holder(): every member null");
        }

        static void Enums(Action<string, string, object, string> add)
        {
            add("level-low", "Level", Level.Low, "Level.Low (1)");
            add("level-zero", "Level", (Level)0, "(Level)0: default(Level), no member");
            add("level-undeclared", "Level", (Level)3, "(Level)3: no member");
            add("level-negative", "Level", (Level)(-1), "(Level)(-1): no member");
            add("mood-so-so", "Mood", Mood.SoSo, "Mood.SoSo (1, EnumMember Value = \"so-so\")");
            add("mood-very-good", "Mood", Mood.VeryGood, "Mood.VeryGood (7, EnumMember Value = \"Very Good\")");
            add("rights-none", "Rights", Rights.None, "Rights.None (0)");
            add("rights-read-write", "Rights", Rights.Read | Rights.Write, "Read | Write (3)");
            add("rights-read-delete", "Rights", Rights.Read | Rights.Delete, "Read | Delete (9, Delete's EnumMember Value = \"Remove\")");
            add("rights-undeclared", "Rights", (Rights)4, "(Rights)4: a bit no member declares");
            add("rights-read-undeclared", "Rights", (Rights)5, "Read | 4 (5)");
            add("rights-high-bits", "Rights", (Rights)(1 | 8 | 32), "Read | Delete | 32 (41)");
            add("settings", "Settings", new Settings
            {
                Level = Level.High, Mood = Mood.VeryGood, Rights = Rights.Read | Rights.Delete, MaybeLevel = Level.Low,
                Levels = new List<Level> { Level.Low, Level.High },
            }, "every member a declared value");
            add("settings-default", "Settings", new Settings(), "new Settings(): Level 0, Mood 0 (no members), Rights None, nulls");
            add("settings-level-zero", "Settings", new Settings { Mood = Mood.SoSo, Rights = Rights.Read },
                "Level = default (0), Mood = so-so, Rights = Read: only Level undeclared");
            add("settings-undeclared", "Settings", new Settings
            {
                Level = (Level)3, Mood = Mood.SoSo, Rights = (Rights)5, MaybeLevel = (Level)0, Levels = new List<Level> { (Level)0, Level.High },
            }, "Level 3, Rights 5, MaybeLevel 0, Levels [0, High]");
            add("settings-flags-undeclared", "Settings", new Settings { Level = Level.Low, Mood = Mood.SoSo, Rights = (Rights)(1 | 8 | 32) },
                "declared Level and Mood, Rights = Read | Delete | 32");
        }
    }
}
