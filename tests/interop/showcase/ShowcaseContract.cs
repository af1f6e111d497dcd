// Data and service contracts of the "Showcase" WebHttp service: every operation shape and
// data-contract type wcfgen has to support (issue 4). Shared by ShowcaseHost.cs (the real
// WCF peer for the interop tests) and ShowcaseDump.cs (fixtures and help-page spec).
//
// No member sets Order, so DataContractSerializer orders members by String.CompareOrdinal
// of their names (base-type members first): "I16" < "I32" < "I64" < "I8" < "Id".
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Web;

namespace Showcase
{
    static class Ns
    {
        public const string Main = "http://schemas.contoso.com/showcase";
        public const string Extra = "http://schemas.contoso.com/showcase/extra";
    }

    [DataContract(Namespace = Ns.Main)]
    public enum Color
    {
        [EnumMember] Red = 1,
        [EnumMember(Value = "DarkGreen")] Green = 5,
        [EnumMember] Blue = 10,
    }

    [Flags]
    [DataContract(Namespace = Ns.Main)]
    public enum Perms
    {
        [EnumMember] None = 0,
        [EnumMember] Read = 1,
        [EnumMember] Write = 2,
        [EnumMember] Execute = 4,
    }

    [DataContract(Namespace = Ns.Main)]
    [KnownType(typeof(Circle))]
    [KnownType(typeof(Square))]
    public class Shape
    {
        [DataMember] public string Name;
        [DataMember] public Color Color;
    }

    [DataContract(Namespace = Ns.Main)]
    public class Circle : Shape
    {
        [DataMember] public double Radius;
    }

    [DataContract(Namespace = Ns.Main)]
    public class Square : Shape
    {
        [DataMember] public double Side;
    }

    // Another namespace on purpose: members/items of this type need prefixes or xmlns switches.
    [DataContract(Namespace = Ns.Extra)]
    public class Tag
    {
        [DataMember] public string Key;
        [DataMember] public int Weight;
    }

    [DataContract(Namespace = Ns.Main)]
    [KnownType(typeof(Circle))]
    [KnownType(typeof(Square))]
    [KnownType(typeof(Tag))]
    public class Everything
    {
        [DataMember] public string Text;
        [DataMember] public bool Flag;
        [DataMember] public byte U8;
        [DataMember] public sbyte I8;
        [DataMember] public short I16;
        [DataMember] public int I32;
        [DataMember] public long I64;
        [DataMember] public ushort U16;
        [DataMember] public uint U32;
        [DataMember] public ulong U64;
        [DataMember] public float F32;
        [DataMember] public double F64;
        [DataMember] public decimal Money;
        [DataMember] public DateTime When;
        [DataMember] public DateTimeOffset WhenOffset;
        [DataMember] public TimeSpan Duration;
        [DataMember] public Guid Id;
        [DataMember] public char Letter;
        [DataMember] public byte[] Blob;
        [DataMember] public Uri Link;
        [DataMember] public int? MaybeInt;
        [DataMember] public double? MaybeDouble;
        [DataMember] public Guid? MaybeId;
        [DataMember] public DateTime? MaybeWhen;
        [DataMember] public Color? MaybeColor;
        [DataMember] public Color Color;
        [DataMember] public Perms Perms;
        [DataMember] public List<string> Names;
        [DataMember] public List<int> Numbers;
        [DataMember] public List<Tag> Tags;
        [DataMember] public Dictionary<string, int> Counts;
        [DataMember] public Shape Shape;          // polymorphic: Circle/Square travel with i:type / __type
        [DataMember] public List<Shape> Shapes;
        [DataMember] public object Anything;      // xs:anyType: a Tag, a string, an int, ...
        [DataMember] public Tag Nested;           // contract from another namespace
    }

    // Default ServiceContract namespace (http://tempuri.org/): it names the wrapper elements
    // of the wrapped operations.
    [ServiceContract]
    public interface IShowcase
    {
        [OperationContract]
        [Description("Returns the Everything it receives.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo")]
        Everything Echo(Everything value);

        [OperationContract]
        [Description("Returns the list of Everything it receives.")]
        [WebInvoke(Method = "POST", UriTemplate = "EchoMany")]
        List<Everything> EchoMany(List<Everything> values);

        [OperationContract]
        [Description("Returns the bound values as id|filter|top.")]
        [WebGet(UriTemplate = "Items/{id}?filter={filter}&top={top}")]
        string GetItem(string id, string filter, int top);

        [OperationContract]
        [Description("Returns the wildcard path.")]
        [WebGet(UriTemplate = "Files/{*path}")]
        string GetFile(string path);

        [OperationContract]
        [Description("Returns the tag with Key = id:Key and Weight + 1.")]
        [WebInvoke(Method = "PUT", UriTemplate = "Items/{id}")]
        Tag PutItem(string id, Tag tag);

        [OperationContract]
        [Description("Deletes an item.")]
        [WebInvoke(Method = "DELETE", UriTemplate = "Items/{id}")]
        void DeleteItem(string id);

        [OperationContract]
        [Description("Echoes an int.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Int")]
        int EchoInt(int value);

        [OperationContract]
        [Description("Echoes a long.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Long")]
        long EchoLong(long value);

        [OperationContract]
        [Description("Echoes a string.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/String")]
        string EchoString(string value);

        [OperationContract]
        [Description("Echoes a double.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Double")]
        double EchoDouble(double value);

        [OperationContract]
        [Description("Echoes a decimal.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Decimal")]
        decimal EchoDecimal(decimal value);

        [OperationContract]
        [Description("Echoes a bool.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Bool")]
        bool EchoBool(bool value);

        [OperationContract]
        [Description("Echoes a DateTime.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/DateTime")]
        DateTime EchoDateTime(DateTime value);

        [OperationContract]
        [Description("Echoes a Guid.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Guid")]
        Guid EchoGuid(Guid value);

        [OperationContract]
        [Description("Echoes a TimeSpan.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Duration")]
        TimeSpan EchoDuration(TimeSpan value);

        [OperationContract]
        [Description("Echoes a char.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Char")]
        char EchoChar(char value);

        [OperationContract]
        [Description("Echoes a list of tags.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Tags")]
        List<Tag> EchoTags(List<Tag> tags);

        [OperationContract]
        [Description("Echoes a list of strings.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Strings")]
        List<string> EchoStrings(List<string> values);

        [OperationContract]
        [Description("Echoes a dictionary.")]
        [WebInvoke(Method = "POST", UriTemplate = "Echo/Counts")]
        Dictionary<string, int> EchoCounts(Dictionary<string, int> counts);

        [OperationContract]
        [Description("Accepts a tag, returns nothing.")]
        [WebInvoke(Method = "POST", UriTemplate = "Void")]
        void Void(Tag tag);

        [OperationContract]
        [Description("Does nothing.")]
        [WebGet(UriTemplate = "Ping")]
        void Ping();

        [OperationContract]
        [Description("Returns length:sha256 of the uploaded bytes.")]
        [WebInvoke(Method = "POST", UriTemplate = "Upload")]
        string Upload(Stream data);

        [OperationContract]
        [Description("Returns deterministic bytes for the name.")]
        [WebGet(UriTemplate = "Download/{name}")]
        Stream Download(string name);

        [OperationContract]
        [Description("Returns a + b (wrapped request and response).")]
        [WebInvoke(Method = "POST", UriTemplate = "Concat", BodyStyle = WebMessageBodyStyle.Wrapped)]
        string Concat(string a, int b);

        [OperationContract]
        [Description("Returns x + y (wrapped request, bare response).")]
        [WebInvoke(Method = "POST", UriTemplate = "Sum", BodyStyle = WebMessageBodyStyle.WrappedRequest)]
        int Sum(int x, int y);
    }
}
