// Data and service contracts of the "World" WebHttp service: shapes real services use and
// wcfgen refuses today (issue 9 items 3, 4, 5, 8; issue 13 items 4, 8):
//   collections of collections   Grids (members) and List<List<int>>, int[][], List<string[]>,
//                                List<List<Item>>, Dictionary<string, List<int>>,
//                                Dictionary<string, Dictionary<string, int>> (bodies)
//   object graphs                Node ([DataContract(IsReference = true)]), Graph (a plain
//                                contract holding Nodes), List<Node>; Chain: a plain contract
//                                that can form a cycle (the negative control)
//   bases in other namespaces    Base (urn:b) <- Derived (urn:d) <- Leaf (urn:l); Holder declares Base
//   enums                        Level (declared values start at 1), Mood (EnumMember values),
//                                Rights ([Flags], an EnumMember value), Settings
//   faults                       ErrorInfo, NotFoundInfo: WebFaultException<T> details
// Shared by WorldHost.cs (the WCF peer), WorldCases.cs and WorldDump.cs (fixtures, schemas, spec).
//
// No member sets Order: DataContractSerializer orders members by String.CompareOrdinal of
// their names, base-type members first.
//
// Built twice: WorldDumpNoRefs.exe is compiled with -define:NO_REFERENCES, so Node is a
// plain contract there; it writes the JSON examples of the help pages, which
// DataContractJsonSerializer cannot write for IsReference contracts (see WorldDump.cs).
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Web;

namespace World
{
    static class Ns
    {
        public const string Main = "http://schemas.contoso.com/world";
        public const string B = "urn:b";
        public const string D = "urn:d";
        public const string L = "urn:l";
    }

    static class Refs
    {
#if NO_REFERENCES
        public const bool On = false;
#else
        public const bool On = true;
#endif
    }

    // ------------------------------------------------------------------ collections of collections

    [DataContract(Namespace = Ns.Main)]
    public class Item
    {
        [DataMember] public string Name;
        [DataMember] public int Count;
    }

    [DataContract(Namespace = Ns.Main)]
    public class Grids
    {
        [DataMember] public List<List<int>> Grid;
        [DataMember] public int[][] Jagged;
        [DataMember] public List<string[]> Rows;
        [DataMember] public List<List<Item>> Items;
        [DataMember] public Dictionary<string, List<int>> ListsByKey;
        [DataMember] public Dictionary<string, Dictionary<string, int>> Nested;
    }

    // ------------------------------------------------------------------ object graphs

    [DataContract(Namespace = Ns.Main, IsReference = Refs.On)]
    public class Node
    {
        [DataMember] public string Name;
        [DataMember] public Node Parent;
        [DataMember] public List<Node> Children;
    }

    // A plain contract holding reference contracts.
    [DataContract(Namespace = Ns.Main)]
    public class Graph
    {
        [DataMember] public Node First;
        [DataMember] public Node Second;
        [DataMember] public List<Node> All;
        [DataMember] public Node Missing;
    }

    // A plain contract: a cycle of these cannot be serialized.
    [DataContract(Namespace = Ns.Main)]
    public class Chain
    {
        [DataMember] public string Name;
        [DataMember] public Chain Next;
    }

    // ------------------------------------------------------------------ bases in other namespaces

    [DataContract(Namespace = Ns.B)]
    [KnownType(typeof(Derived))]
    [KnownType(typeof(Leaf))]
    public class Base
    {
        [DataMember] public string Name;
    }

    [DataContract(Namespace = Ns.D)]
    public class Derived : Base
    {
        [DataMember] public int Size;
    }

    [DataContract(Namespace = Ns.L)]
    public class Leaf : Derived
    {
        [DataMember] public bool Last;
    }

    [DataContract(Namespace = Ns.Main)]
    public class Holder
    {
        [DataMember] public Base Item;
        [DataMember] public List<Base> Items;
        [DataMember] public Derived Exact;
    }

    // ------------------------------------------------------------------ enums

    // No member for 0, the default of every Level field.
    [DataContract(Namespace = Ns.Main)]
    public enum Level
    {
        [EnumMember] Low = 1,
        [EnumMember] High = 2,
    }

    [DataContract(Namespace = Ns.Main)]
    public enum Mood
    {
        [EnumMember(Value = "so-so")] SoSo = 1,
        [EnumMember(Value = "Very Good")] VeryGood = 7,
    }

    // Bit 4 is declared by no member.
    [Flags]
    [DataContract(Namespace = Ns.Main)]
    public enum Rights
    {
        [EnumMember] None = 0,
        [EnumMember] Read = 1,
        [EnumMember] Write = 2,
        [EnumMember(Value = "Remove")] Delete = 8,
    }

    [DataContract(Namespace = Ns.Main)]
    public class Settings
    {
        [DataMember] public Level Level;
        [DataMember] public Mood Mood;
        [DataMember] public Rights Rights;
        [DataMember] public Level? MaybeLevel;
        [DataMember] public List<Level> Levels;
    }

    // ------------------------------------------------------------------ faults

    [DataContract(Namespace = Ns.Main)]
    public class ErrorInfo
    {
        [DataMember] public string Code;
        [DataMember] public string Message;
    }

    [DataContract(Namespace = Ns.Main)]
    public class NotFoundInfo
    {
        [DataMember] public string Resource;
        [DataMember] public string Id;
    }

    // The dump tool's and the host's names for the types (fixture cases name them).
    public static class WorldTypes
    {
        public static readonly Dictionary<string, Type> Names = new Dictionary<string, Type>
        {
            { "Item", typeof(Item) }, { "Grids", typeof(Grids) },
            { "List<List<int>>", typeof(List<List<int>>) }, { "int[][]", typeof(int[][]) },
            { "List<List<List<int>>>", typeof(List<List<List<int>>>) },
            { "List<string[]>", typeof(List<string[]>) }, { "List<List<Item>>", typeof(List<List<Item>>) },
            { "Dictionary<string,List<int>>", typeof(Dictionary<string, List<int>>) },
            { "Dictionary<string,Dictionary<string,int>>", typeof(Dictionary<string, Dictionary<string, int>>) },
            { "Node", typeof(Node) }, { "List<Node>", typeof(List<Node>) }, { "Graph", typeof(Graph) },
            { "Chain", typeof(Chain) },
            { "Base", typeof(Base) }, { "Derived", typeof(Derived) }, { "Leaf", typeof(Leaf) }, { "Holder", typeof(Holder) },
            { "Level", typeof(Level) }, { "Mood", typeof(Mood) }, { "Rights", typeof(Rights) }, { "Settings", typeof(Settings) },
            { "ErrorInfo", typeof(ErrorInfo) }, { "NotFoundInfo", typeof(NotFoundInfo) },
        };
    }

    // Every body type: POST Echo/<Type> sends the body back (as the operation received it),
    // GET Samples/<Type>/{name} answers the value of fixture case <name> (WorldCases.cs); an
    // unknown name is a 404 with a NotFoundInfo. Faults/...: what WCF sends for errors.
    [ServiceContract(Namespace = "http://tempuri.org/")]
    public interface IWorld
    {
        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Grids"), Description("Echoes collections of collections as members.")]
        Grids EchoGrids(Grids value);

        [OperationContract, WebGet(UriTemplate = "Samples/Grids/{name}"), Description("A Grids fixture case.")]
        Grids GetGrids(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/ListOfListOfInt"), Description("Echoes a List<List<int>> body.")]
        List<List<int>> EchoListOfListOfInt(List<List<int>> value);

        [OperationContract, WebGet(UriTemplate = "Samples/ListOfListOfInt/{name}"), Description("A List<List<int>> fixture case.")]
        List<List<int>> GetListOfListOfInt(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Jagged"), Description("Echoes an int[][] body.")]
        int[][] EchoJagged(int[][] value);

        [OperationContract, WebGet(UriTemplate = "Samples/Jagged/{name}"), Description("An int[][] fixture case.")]
        int[][] GetJagged(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/ListOfStringArray"), Description("Echoes a List<string[]> body.")]
        List<string[]> EchoListOfStringArray(List<string[]> value);

        [OperationContract, WebGet(UriTemplate = "Samples/ListOfStringArray/{name}"), Description("A List<string[]> fixture case.")]
        List<string[]> GetListOfStringArray(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/ListOfListOfItem"), Description("Echoes a List<List<Item>> body.")]
        List<List<Item>> EchoListOfListOfItem(List<List<Item>> value);

        [OperationContract, WebGet(UriTemplate = "Samples/ListOfListOfItem/{name}"), Description("A List<List<Item>> fixture case.")]
        List<List<Item>> GetListOfListOfItem(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/ListsByKey"), Description("Echoes a Dictionary<string, List<int>> body.")]
        Dictionary<string, List<int>> EchoListsByKey(Dictionary<string, List<int>> value);

        [OperationContract, WebGet(UriTemplate = "Samples/ListsByKey/{name}"), Description("A Dictionary<string, List<int>> fixture case.")]
        Dictionary<string, List<int>> GetListsByKey(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/NestedDictionary"), Description("Echoes a Dictionary<string, Dictionary<string, int>> body.")]
        Dictionary<string, Dictionary<string, int>> EchoNestedDictionary(Dictionary<string, Dictionary<string, int>> value);

        [OperationContract, WebGet(UriTemplate = "Samples/NestedDictionary/{name}"), Description("A Dictionary<string, Dictionary<string, int>> fixture case.")]
        Dictionary<string, Dictionary<string, int>> GetNestedDictionary(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Node"), Description("Echoes an IsReference contract (graphs with cycles).")]
        Node EchoNode(Node value);

        [OperationContract, WebGet(UriTemplate = "Samples/Node/{name}"), Description("A Node fixture case.")]
        Node GetNode(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Nodes"), Description("Echoes a list of IsReference contracts (shared items).")]
        List<Node> EchoNodes(List<Node> value);

        [OperationContract, WebGet(UriTemplate = "Samples/Nodes/{name}"), Description("A List<Node> fixture case.")]
        List<Node> GetNodes(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Graph"), Description("Echoes a plain contract holding shared IsReference contracts.")]
        Graph EchoGraph(Graph value);

        [OperationContract, WebGet(UriTemplate = "Samples/Graph/{name}"), Description("A Graph fixture case.")]
        Graph GetGraph(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Base"), Description("Echoes a Base (urn:b) or a known subtype from another namespace.")]
        Base EchoBase(Base value);

        [OperationContract, WebGet(UriTemplate = "Samples/Base/{name}"), Description("A Base fixture case.")]
        Base GetBase(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Derived"), Description("Echoes a Derived (urn:d) whose base is in urn:b.")]
        Derived EchoDerived(Derived value);

        [OperationContract, WebGet(UriTemplate = "Samples/Derived/{name}"), Description("A Derived fixture case.")]
        Derived GetDerived(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Leaf"), Description("Echoes a Leaf (urn:l), three levels over three namespaces.")]
        Leaf EchoLeaf(Leaf value);

        [OperationContract, WebGet(UriTemplate = "Samples/Leaf/{name}"), Description("A Leaf fixture case.")]
        Leaf GetLeaf(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Holder"), Description("Echoes members declared Base holding subtypes.")]
        Holder EchoHolder(Holder value);

        [OperationContract, WebGet(UriTemplate = "Samples/Holder/{name}"), Description("A Holder fixture case.")]
        Holder GetHolder(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Level"), Description("Echoes an enum without a member for 0.")]
        Level EchoLevel(Level value);

        [OperationContract, WebGet(UriTemplate = "Samples/Level/{name}"), Description("A Level fixture case.")]
        Level GetLevel(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Rights"), Description("Echoes a [Flags] enum.")]
        Rights EchoRights(Rights value);

        [OperationContract, WebGet(UriTemplate = "Samples/Rights/{name}"), Description("A Rights fixture case.")]
        Rights GetRights(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Echo/Settings"), Description("Echoes enum members: undeclared values, EnumMember values, flags.")]
        Settings EchoSettings(Settings value);

        [OperationContract, WebGet(UriTemplate = "Samples/Settings/{name}"), Description("A Settings fixture case.")]
        Settings GetSettings(string name);

        [OperationContract, WebInvoke(Method = "POST", UriTemplate = "Faults/Validate"), Description("Echoes an Item; a negative Count is a 400 with an ErrorInfo (WebFaultException<ErrorInfo>).")]
        Item Validate(Item item);

        [OperationContract, WebGet(UriTemplate = "Faults/BadRequest"), Description("Throws WebFaultException<ErrorInfo>(detail, HttpStatusCode.BadRequest).")]
        string BadRequest();

        [OperationContract, WebGet(UriTemplate = "Faults/NotFound/{id}"), Description("Throws WebFaultException<NotFoundInfo>(detail, HttpStatusCode.NotFound).")]
        string NotFound(string id);

        [OperationContract, WebGet(UriTemplate = "Faults/Conflict"), Description("Throws WebFaultException(HttpStatusCode.Conflict).")]
        string Conflict();

        [OperationContract, WebGet(UriTemplate = "Faults/Unhandled"), Description("Throws an InvalidOperationException.")]
        string Unhandled();

        [OperationContract, WebGet(UriTemplate = "Faults/StatusCode"), Description("Sets the response status to 400 and returns an ErrorInfo (the pattern without WebFaultException).")]
        ErrorInfo StatusCode();

        [OperationContract, WebGet(UriTemplate = "Faults/FaultException"), Description("Throws FaultException<ErrorInfo> (SOAP's typed fault).")]
        string FaultException();

        [OperationContract, WebGet(UriTemplate = "Faults/MonoWebFault"), Description("Throws System.ServiceModel.Web.WebFaultException<ErrorInfo> itself (Mono has no such class).")]
        string MonoWebFault();
    }
}
