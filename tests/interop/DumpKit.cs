// DumpKit: what the Showcase and World dump tools share (ShowcaseDump.cs, world/WorldDump.cs).
//
//   Serializers   exactly what WCF's WebHttp formatter does for a bare body, both directions
//   CaseList      fixture cases -> the JSON the make-scripts turn into fixtures/ (groundtruth.py)
//   LineServer    the `serve` mode: ad-hoc round trips through Mono's serializers
//   HelpSpec      per operation of a service contract, what its WCF help page shows
//   Json          minimal JSON writing (stdout is UTF-8)
//
// Byte arrays travel as base64, so no JSON layer can alter them.
//
// serve: one request per stdin line, one answer per stdout line, in order.
//   "roundtrip <type> <xml|json> <base64 body>"            read the body as <type>, write it back
//   "convert <type> <xml|json> <xml|json|xml-writer> <base64 body>"   read in the first format, write in
//                                                     the second (xml-writer: DCS through XmlWriter.Create)
//   answers: "OK <base64 bytes>"
//            "ERR read <base64 text>"    reading failed: "<exception type>: <message>[ ---> <inner>]"
//            "ERR write <base64 text>"   the value was read but cannot be written (e.g. an enum 0)
// <type> is a name of the tool's type table (e.g. Everything, List<Tag>, int).
//
// The help-page parts follow System.ServiceModel.Web's HelpPage/HelpHtmlBuilder (.NET 4.x):
// body types as in OperationHelpInformation.GetRequestBodyType/GetResponseBodyType, the
// message description order of MessageHelpInformation, the URL from
// UriTemplate.BindByPosition with "{NAME}" values, schemas written through XmlSchema.Write into
// an XDocument and out again with Indent=true (XmlSchemaToXElement + GenerateSampleXml). Only
// the examples differ: WCF synthesizes them from the schema, the tools serialize sample
// instances with Mono's DCS/DCJS.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.ServiceModel;
using System.ServiceModel.Web;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace DumpKit
{
    public static class Serializers
    {
        public const string SerNs = "http://schemas.microsoft.com/2003/10/Serialization/";

        // new DataContractSerializer(type) writing through a UTF-8 text XmlDictionaryWriter (no
        // declaration, no BOM), as WCF's WebHttp formatter does for a bare body.
        public static byte[] WriteXml(Type type, object value)
        {
            var stream = new MemoryStream();
            new DataContractSerializer(type).WriteObject(stream, value);
            return stream.ToArray();
        }

        public static byte[] WriteJson(Type type, object value)
        {
            var stream = new MemoryStream();
            new DataContractJsonSerializer(type).WriteObject(stream, value);
            return stream.ToArray();
        }

        public static object ReadXml(Type type, byte[] body)
        {
            return new DataContractSerializer(type).ReadObject(new MemoryStream(body));
        }

        public static object ReadJson(Type type, byte[] body)
        {
            return new DataContractJsonSerializer(type).ReadObject(new MemoryStream(body));
        }

        // What DataContractSerializer writes through System.Xml's XmlWriter (not WCF's): prefixes
        // are the writer's own (d2p1:), not the dictionary writer's (a:).
        public static byte[] WriteXmlWriter(Type type, object value)
        {
            var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, new XmlWriterSettings { OmitXmlDeclaration = true, Encoding = new UTF8Encoding(false) }))
                new DataContractSerializer(type).WriteObject(writer, value);
            return stream.ToArray();
        }

        public static byte[] Write(string format, Type type, object value)
        {
            if (format == "xml-writer")
                return WriteXmlWriter(type, value);
            return format == "xml" ? WriteXml(type, value) : WriteJson(type, value);
        }

        public static object Read(string format, Type type, byte[] body)
        {
            return format == "xml" ? ReadXml(type, body) : ReadJson(type, body);
        }

        // "<exception type>: <message>[ ---> <inner type>: <message>]"
        public static string Describe(Exception e)
        {
            // Reflection wrappers hide the interesting exception.
            while (e is TargetInvocationException && e.InnerException != null)
                e = e.InnerException;
            string text = e.GetType().FullName + ": " + e.Message;
            if (e.InnerException != null)
                text += " ---> " + e.InnerException.GetType().FullName + ": " + e.InnerException.Message;
            return text;
        }
    }

    // ------------------------------------------------------------------ serve

    public static class LineServer
    {
        public static void Serve(IDictionary<string, Type> types)
        {
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
            string line;
            while ((line = Console.In.ReadLine()) != null)
                stdout.WriteLine(Answer(types, line));
        }

        static string Answer(IDictionary<string, Type> types, string line)
        {
            string phase = "read";
            try
            {
                string[] parts = line.Split(' ');
                bool roundtrip = parts.Length == 4 && parts[0] == "roundtrip";
                bool convert = parts.Length == 5 && parts[0] == "convert";
                if (!roundtrip && !convert)
                    throw new ArgumentException("expected: roundtrip <type> <xml|json> <base64> | convert <type> <xml|json> <xml|json> <base64>");
                Type type;
                if (!types.TryGetValue(parts[1], out type))
                    throw new ArgumentException("unknown type " + parts[1]);
                string from = parts[2], to = roundtrip ? parts[2] : parts[3];
                if ((from != "xml" && from != "json") || (to != "xml" && to != "json" && to != "xml-writer"))
                    throw new ArgumentException("unknown format " + from + " or " + to);
                object value = Serializers.Read(from, type, Convert.FromBase64String(parts[parts.Length - 1]));
                phase = "write";
                return "OK " + Convert.ToBase64String(Serializers.Write(to, type, value));
            }
            catch (Exception e)
            {
                return "ERR " + phase + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Serializers.Describe(e)));
            }
        }
    }

    // ------------------------------------------------------------------ fixtures

    public class CaseList
    {
        class Case
        {
            public string Name, TypeName, Description;
            public Type Type;
            public object Value;
        }

        readonly IDictionary<string, Type> types;
        readonly List<Case> cases = new List<Case>();

        public CaseList(IDictionary<string, Type> types) { this.types = types; }

        public void Add(string name, string typeName, object value, string description)
        {
            cases.Add(new Case { Name = name, TypeName = typeName, Type = types[typeName], Value = value, Description = description });
        }

        public object Value(string name)
        {
            foreach (Case c in cases)
                if (c.Name == name)
                    return c.Value;
            throw new KeyNotFoundException("no case " + name);
        }

        // [{"name","type","description","xml": base64|null,"xml_error","json","json_error"}, ...]
        public string ToJson()
        {
            var items = new List<string>();
            foreach (Case c in cases)
            {
                var fields = new List<string>
                {
                    Json.Prop("name", c.Name), Json.Prop("type", c.TypeName), Json.Prop("description", c.Description),
                };
                AddFormat(fields, "xml", () => Serializers.WriteXml(c.Type, c.Value));
                AddFormat(fields, "json", () => Serializers.WriteJson(c.Type, c.Value));
                items.Add("{" + string.Join(",", fields.ToArray()) + "}");
            }
            return "[\n" + string.Join(",\n", items.ToArray()) + "\n]\n";
        }

        static void AddFormat(List<string> fields, string format, Func<byte[]> write)
        {
            try
            {
                fields.Add("\"" + format + "\":\"" + Convert.ToBase64String(write()) + "\"");
                fields.Add("\"" + format + "_error\":null");
            }
            catch (Exception e)
            {
                fields.Add("\"" + format + "\":null");
                fields.Add(Json.Prop(format + "_error", Serializers.Describe(e)));
            }
        }

        // A value in C# literal syntax, for descriptions; control characters and surrogates as \uXXXX.
        public static string Show(object value)
        {
            if (value == null)
                return "null";
            if (value is string)
            {
                var sb = new StringBuilder("\"");
                foreach (char c in (string)value)
                {
                    if (c == '"' || c == '\\')
                        sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                }
                return sb.Append('"').ToString();
            }
            if (value is double)
                return ((double)value).ToString("R", CultureInfo.InvariantCulture);
            if (value is float)
                return ((float)value).ToString("R", CultureInfo.InvariantCulture);
            if (value is IFormattable)
                return ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
            return value.ToString();
        }
    }

    // ------------------------------------------------------------------ help pages

    public static class HelpSpec
    {
        // [{"name","method","template","url","description","request","response"}, ...] for each
        // operation of contract; a message is {"kind": "empty"|"wrapped"|"stream"} or
        // {"kind":"body","root_name","root_namespace","xml","json","schemas"}. sample(type, xml)
        // is the example value (XML examples show two list items, JSON ones one). "json" is null
        // with a "json_error" when DCJS cannot write the sample (IsReference contracts).
        public static string SpecJson(Type contract, string baseUrl, Func<Type, bool, object> sample)
        {
            var ops = new List<string>();
            foreach (MethodInfo method in contract.GetMethods())
            {
                if (method.GetCustomAttributes(typeof(OperationContractAttribute), false).Length == 0)
                    continue;
                var get = (WebGetAttribute)method.GetCustomAttributes(typeof(WebGetAttribute), false).FirstOrDefault();
                var invoke = (WebInvokeAttribute)method.GetCustomAttributes(typeof(WebInvokeAttribute), false).FirstOrDefault();
                var description = (DescriptionAttribute)method.GetCustomAttributes(typeof(DescriptionAttribute), false).FirstOrDefault();
                string template = get != null ? get.UriTemplate : invoke.UriTemplate;
                WebMessageBodyStyle style = invoke != null ? invoke.BodyStyle : get.BodyStyle;
                bool wrappedRequest = style == WebMessageBodyStyle.Wrapped || style == WebMessageBodyStyle.WrappedRequest;
                bool wrappedResponse = style == WebMessageBodyStyle.Wrapped || style == WebMessageBodyStyle.WrappedResponse;
                var fields = new List<string>
                {
                    Json.Prop("name", method.Name),
                    Json.Prop("method", get != null ? "GET" : (invoke.Method ?? "POST")),
                    Json.Prop("template", template),
                    Json.Prop("url", FullUri(baseUrl, template)),
                    Json.Prop("description", description != null ? description.Description : ""),
                    "\"request\":" + Message(RequestBodyType(method, template, get != null), wrappedRequest, sample),
                    "\"response\":" + Message(method.ReturnType, wrappedResponse, sample),
                };
                ops.Add("{" + string.Join(",", fields.ToArray()) + "}");
            }
            return "[\n" + string.Join(",\n", ops.ToArray()) + "\n]\n";
        }

        // HelpHtmlBuilder.BuildFullUriTemplate: variables bound to "{NAME}" (upper case).
        static string FullUri(string baseUrl, string template)
        {
            var ut = new UriTemplate(template);
            string[] values = ut.PathSegmentVariableNames.Concat(ut.QueryValueVariableNames).Select(n => "{" + n + "}").ToArray();
            return ut.BindByPosition(new Uri(baseUrl), values).ToString();
        }

        // OperationHelpInformation.GetRequestBodyType; null = several body parts (wrapped).
        public static Type RequestBodyType(MethodInfo method, string template, bool isGet)
        {
            if (isGet)
                return typeof(void);
            var ut = new UriTemplate(template);
            ParameterInfo[] body = method.GetParameters()
                .Where(p => !ut.PathSegmentVariableNames.Contains(p.Name.ToUpperInvariant())
                            && !ut.QueryValueVariableNames.Contains(p.Name.ToUpperInvariant()))
                .ToArray();
            if (body.Length == 1)
                return body[0].ParameterType;
            return body.Length == 0 ? typeof(void) : null;
        }

        // MessageHelpInformation: the first matching case describes the message.
        static string Message(Type type, bool wrapped, Func<Type, bool, object> sample)
        {
            if (wrapped && type != typeof(void))
                return "{\"kind\":\"wrapped\"}";
            if (type == typeof(void))
                return "{\"kind\":\"empty\"}";
            if (typeof(Stream).IsAssignableFrom(type))
                return "{\"kind\":\"stream\"}";

            XmlQualifiedName root;
            var schemas = new List<string>();
            foreach (XmlSchema schema in ExportedSchemas(new[] { type }, out root))
                if (root.Namespace != Serializers.SerNs)
                    schemas.Add(Json.Str(SchemaText(schema)));
            string json;
            try
            {
                json = Json.Prop("json", Encoding.UTF8.GetString(Serializers.WriteJson(type, sample(type, false))));
            }
            catch (SerializationException e)
            {
                json = "\"json\":null," + Json.Prop("json_error", Serializers.Describe(e));
            }
            return "{\"kind\":\"body\""
                + "," + Json.Prop("root_name", root.Name) + "," + Json.Prop("root_namespace", root.Namespace)
                + "," + Json.Prop("xml", Indented(XElement.Parse(Encoding.UTF8.GetString(Serializers.WriteXml(type, sample(type, true))))))
                + "," + json
                + ",\"schemas\":[" + string.Join(",", schemas.ToArray()) + "]}";
        }

        // What XsdDataContractExporter exports for types, compiled: the schema of the first
        // type's root namespace first, then the others in the set's order.
        public static List<XmlSchema> ExportedSchemas(IEnumerable<Type> types, out XmlQualifiedName root)
        {
            var exporter = new XsdDataContractExporter();
            exporter.Export(types.ToList());
            root = exporter.GetRootElementName(types.First());
            var set = new XmlSchemaSet();
            foreach (XmlSchema schema in exporter.Schemas.Schemas())
                set.Add(schema);
            set.Compile();

            var result = new List<XmlSchema>();
            XmlSchema main = null;
            foreach (XmlSchema schema in set.Schemas(root.Namespace))
                main = schema;
            if (main != null)
                result.Add(main);
            foreach (XmlSchema schema in set.Schemas())
                if (schema != main)
                    result.Add(schema);
            return result;
        }

        // HelpHtmlBuilder.XmlSchemaToXElement followed by GenerateSampleXml.
        public static string SchemaText(XmlSchema schema)
        {
            var document = new XDocument();
            using (XmlWriter writer = XmlWriter.Create(document.CreateWriter(), new XmlWriterSettings { CloseOutput = false, Indent = true }))
                schema.Write(writer);
            return Indented(document.Root);
        }

        static string Indented(XElement element)
        {
            var text = new StringBuilder();
            using (XmlWriter writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
                element.WriteTo(writer);
            return text.ToString();
        }
    }

    // Minimal JSON writing: strings escaped, non-ASCII kept (stdout is UTF-8).
    public static class Json
    {
        public static string Str(string s)
        {
            if (s == null)
                return "null";
            var sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\')
                    sb.Append('\\').Append(c);
                else if (c < 0x20 || char.IsSurrogate(c))
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else
                    sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        public static string Prop(string name, string value) { return Str(name) + ":" + Str(value); }
    }
}
