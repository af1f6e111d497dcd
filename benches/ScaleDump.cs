// What WCF's help pages would show for a service contract, exported under Mono (benches/scale_corpus.py).
//
//   TZ=Europe/Prague mono ScaleDump.exe <ServiceContract type name>   JSON on stdout
//
// Compiled together with the generated contracts. For every operation of the contract (in
// metadata order), what System.ServiceModel.Web's HelpPage knows about it:
//   name, method, the declared UriTemplate (or the default one), [Description],
//   request and response as MessageHelpInformation sees them: "empty" (void, every WebGet
//   request), "wrapped", "stream", or "body" with the root element name, the known types
//   (QName -> Type.Name, Type.Namespace: the JSON example's "__type") and the texts of the
//   schema set XsdDataContractExporter exports for the body type plus the operation's known
//   types, in set order, each written as HelpHtmlBuilder.XmlSchemaToXElement writes it.
// Then "schemas": every data contract of the assembly exported into one set, one text per
// namespace (the merged XSDs a user would hand to xsdata).
// The help page's rendering is done in Python (tests/helpsite); this program only asks Mono.
// Compiled with tests/interop/DumpKit.cs (the schema export and text, the request body rule, JSON).
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Web;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DumpKit;

public static class ScaleDump
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        Type contract = args.Length == 1 ? Type.GetType(args[0]) : null;
        if (contract == null)
        {
            Console.Error.WriteLine("usage: mono ScaleDump.exe <ServiceContract type name>");
            return 2;
        }
        var ops = new List<string>();
        foreach (MethodInfo method in contract.GetMethods().OrderBy(m => m.MetadataToken))
        {
            if (method.GetCustomAttributes(typeof(OperationContractAttribute), false).Length == 0)
                continue;
            ops.Add(Operation(contract, method));
        }
        var dataContracts = contract.Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(DataContractAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        XmlQualifiedName ignored;
        var merged = HelpSpec.ExportedSchemas(dataContracts, out ignored).Select(s => Json.Str(HelpSpec.SchemaText(s)));
        Console.Out.Write("{\"operations\":[\n" + string.Join(",\n", ops) + "\n],\n\"schemas\":[" + string.Join(",\n", merged) + "]}\n");
        return 0;
    }

    static string Operation(Type contract, MethodInfo method)
    {
        var get = (WebGetAttribute)method.GetCustomAttributes(typeof(WebGetAttribute), false).FirstOrDefault();
        var invoke = (WebInvokeAttribute)method.GetCustomAttributes(typeof(WebInvokeAttribute), false).FirstOrDefault();
        var description = (DescriptionAttribute)method.GetCustomAttributes(typeof(DescriptionAttribute), false).FirstOrDefault();
        string template = get != null ? get.UriTemplate : invoke.UriTemplate;
        if (template == null)  // UriTemplateClientFormatter.GetUTStringOrDefault
            template = get == null ? method.Name
                : method.Name + "?" + string.Join("&", method.GetParameters().Select(p => p.Name + "={" + p.Name + "}"));
        WebMessageBodyStyle style = get != null ? get.BodyStyle : invoke.BodyStyle;
        bool wrappedRequest = style == WebMessageBodyStyle.Wrapped || style == WebMessageBodyStyle.WrappedRequest;
        bool wrappedResponse = style == WebMessageBodyStyle.Wrapped || style == WebMessageBodyStyle.WrappedResponse;
        var known = contract.GetCustomAttributes(typeof(ServiceKnownTypeAttribute), false)
            .Concat(method.GetCustomAttributes(typeof(ServiceKnownTypeAttribute), false))
            .Cast<ServiceKnownTypeAttribute>().Select(a => a.Type).ToList();
        return "{" + string.Join(",", new[]
        {
            Json.Prop("name", method.Name),
            Json.Prop("method", get != null ? "GET" : (invoke.Method ?? "POST")),
            Json.Prop("template", template),
            Json.Prop("description", description != null ? description.Description : ""),
            "\"request\":" + Message(HelpSpec.RequestBodyType(method, template, get != null), wrappedRequest, known),
            "\"response\":" + Message(method.ReturnType, wrappedResponse, known),
        }) + "}";
    }

    // MessageHelpInformation, in its order; a null type is a body of several parts (wrapped).
    static string Message(Type type, bool wrapped, List<Type> serviceKnownTypes)
    {
        if ((wrapped || type == null) && type != typeof(void))
            return "{\"kind\":\"wrapped\"}";
        if (type == typeof(void))
            return "{\"kind\":\"empty\"}";
        if (typeof(Stream).IsAssignableFrom(type))
            return "{\"kind\":\"stream\"}";
        // As MessageHelpInformation: the operation's known types first, then the body type (the
        // export order is the order of the types in the schemas).
        var exporter = new XsdDataContractExporter();
        exporter.Export(new List<Type>(serviceKnownTypes) { type });
        XmlQualifiedName root = exporter.GetRootElementName(type);
        var set = new XmlSchemaSet();
        foreach (XmlSchema schema in exporter.Schemas.Schemas())
            set.Add(schema);
        set.Compile();
        var schemas = set.Schemas().Cast<XmlSchema>().Select(s => Json.Str(HelpSpec.SchemaText(s)));
        var knownTypes = new List<string>();
        var seen = new HashSet<XmlQualifiedName>();
        foreach (Type knownType in KnownDataContracts(type).Concat(serviceKnownTypes))
        {
            XmlQualifiedName name = exporter.GetSchemaTypeName(knownType);
            if (seen.Add(name))
                knownTypes.Add("[" + Json.Str(name.Namespace) + "," + Json.Str(name.Name) + "," + Json.Str(knownType.Name)
                               + "," + Json.Str(knownType.Namespace) + "]");
        }
        return "{\"kind\":\"body\"," + Json.Prop("root_namespace", root.Namespace) + "," + Json.Prop("root_name", root.Name)
            + ",\"known_types\":[" + string.Join(",", knownTypes) + "],\"schemas\":[" + string.Join(",", schemas) + "]}";
    }

    // DataContract.KnownDataContracts of a class: its [KnownType]s and its base classes'.
    static IEnumerable<Type> KnownDataContracts(Type type)
    {
        for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            foreach (KnownTypeAttribute attribute in t.GetCustomAttributes(typeof(KnownTypeAttribute), false))
                if (attribute.Type != null)
                    yield return attribute.Type;
    }
}
