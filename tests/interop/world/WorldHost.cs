// Test host for the World WebHttp service (WorldContract.cs) on Mono WCF.
//
//   TZ=Europe/Prague mono WorldHost.exe <port>[,<lane port>...] [--exit-on-stdin-eof]
//
// Endpoints (127.0.0.1 only; both IWorld ones on every port given, /_test on the first only):
//   http://127.0.0.1:<port>/World.svc      IWorld, XML responses (WCF default)
//   http://127.0.0.1:<port>/WorldJson.svc  IWorld, JSON responses (Mono ignores Accept)
//   http://127.0.0.1:<port>/_test          the record of requests and faults (HostKit.cs)
//
// Everything on the wire is Mono's, except typed faults: Mono 6.8 has no
// System.ServiceModel.Web.WebFaultException at all (its System.ServiceModel.Web.dll lacks the
// type that its 4.5-api reference assembly declares: Faults/MonoWebFault shows what a service
// built against it gets on Mono). Operations here throw WebFault / WebFault<T> instead, and
// WebFaultEmulation answers them the way .NET 4's WebErrorHandler answers
// WebFaultException / WebFaultException<T>:
//   with a detail: the status code; the body is the detail written by DataContractSerializer
//                  (XML endpoint) or DataContractJsonSerializer (JSON endpoint), with the
//                  endpoint's Content-Type, exactly like a normal reply
//   without:       the status code and no body
// The status line and headers are Mono's listener's; the detail bytes Mono's serializers'.
using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.ServiceModel.Web;
using System.Xml;
using HostKit;

namespace World
{
    // ------------------------------------------------------------------ typed faults

    // WebFaultException's shape (status code, optional detail), for Mono, which lacks it.
    public class WebFault : Exception
    {
        public readonly HttpStatusCode StatusCode;

        public WebFault(HttpStatusCode statusCode) : base("WebFault " + (int)statusCode) { StatusCode = statusCode; }

        public virtual object Detail { get { return null; } }
        public virtual Type DetailType { get { return null; } }
    }

    public class WebFault<T> : WebFault
    {
        readonly T detail;

        public WebFault(T detail, HttpStatusCode statusCode) : base(statusCode) { this.detail = detail; }

        public override object Detail { get { return detail; } }
        public override Type DetailType { get { return typeof(T); } }
    }

    class DetailBodyWriter : BodyWriter
    {
        readonly XmlObjectSerializer serializer;
        readonly object detail;

        public DetailBodyWriter(XmlObjectSerializer serializer, object detail) : base(true)
        {
            this.serializer = serializer;
            this.detail = detail;
        }

        protected override void OnWriteBodyContents(XmlDictionaryWriter writer) { serializer.WriteObject(writer, detail); }
    }

    // .NET 4's WebErrorHandler.ProvideFault for IWebFaultException, on Mono's message types.
    class WebFaultEmulation : ServiceErrorHandler
    {
        public override void ProvideFault(Exception error, MessageVersion version, ref Message fault)
        {
            var web = error as WebFault;
            if (web == null)
                return;
            bool json = OperationContext.Current.EndpointDispatcher.EndpointAddress.Uri.AbsolutePath.EndsWith("Json.svc");
            var response = new HttpResponseMessageProperty { StatusCode = web.StatusCode };
            response.Headers[HttpResponseHeader.ContentType] = json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8";
            if (web.Detail == null)
            {
                // .NET keeps its fault message and suppresses the body. Mono's JSON writer cannot
                // even hold an empty message, so this one stays XML: no body is written anyway.
                response.SuppressEntityBody = true;
                fault = Message.CreateMessage(version, (string)null);
            }
            else
            {
                XmlObjectSerializer serializer = json
                    ? (XmlObjectSerializer)new DataContractJsonSerializer(web.DetailType)
                    : new DataContractSerializer(web.DetailType);
                fault = Message.CreateMessage(version, (string)null, new DetailBodyWriter(serializer, web.Detail));
                fault.Properties[WebBodyFormatMessageProperty.Name] =
                    new WebBodyFormatMessageProperty(json ? WebContentFormat.Json : WebContentFormat.Xml);
            }
            fault.Properties[HttpResponseMessageProperty.Name] = response;
        }
    }

    // ------------------------------------------------------------------ the service

    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Multiple)]
    public class WorldService : IWorld
    {
        static readonly Dictionary<string, KeyValuePair<string, object>> cases = Cases();

        static Dictionary<string, KeyValuePair<string, object>> Cases()
        {
            var result = new Dictionary<string, KeyValuePair<string, object>>();
            WorldCases.Define((name, type, value, description) => result[name] = new KeyValuePair<string, object>(type, value));
            return result;
        }

        static T Echoed<T>(string operation, T value)
        {
            Recorder.Note(operation, null);
            return value;
        }

        // The value of fixture case `name` when it is of type typeName; else a 404 with a NotFoundInfo.
        static T Sample<T>(string operation, string typeName, string name)
        {
            Recorder.Note(operation, name);
            KeyValuePair<string, object> found;
            if (name == null || !cases.TryGetValue(name, out found) || found.Key != typeName)
                throw new WebFault<NotFoundInfo>(new NotFoundInfo { Resource = typeName, Id = name }, HttpStatusCode.NotFound);
            return (T)found.Value;
        }

        public Grids EchoGrids(Grids value) { return Echoed("EchoGrids", value); }
        public Grids GetGrids(string name) { return Sample<Grids>("GetGrids", "Grids", name); }
        public List<List<int>> EchoListOfListOfInt(List<List<int>> value) { return Echoed("EchoListOfListOfInt", value); }
        public List<List<int>> GetListOfListOfInt(string name) { return Sample<List<List<int>>>("GetListOfListOfInt", "List<List<int>>", name); }
        public int[][] EchoJagged(int[][] value) { return Echoed("EchoJagged", value); }
        public int[][] GetJagged(string name) { return Sample<int[][]>("GetJagged", "int[][]", name); }
        public List<string[]> EchoListOfStringArray(List<string[]> value) { return Echoed("EchoListOfStringArray", value); }
        public List<string[]> GetListOfStringArray(string name) { return Sample<List<string[]>>("GetListOfStringArray", "List<string[]>", name); }
        public List<List<Item>> EchoListOfListOfItem(List<List<Item>> value) { return Echoed("EchoListOfListOfItem", value); }
        public List<List<Item>> GetListOfListOfItem(string name) { return Sample<List<List<Item>>>("GetListOfListOfItem", "List<List<Item>>", name); }

        public Dictionary<string, List<int>> EchoListsByKey(Dictionary<string, List<int>> value) { return Echoed("EchoListsByKey", value); }

        public Dictionary<string, List<int>> GetListsByKey(string name)
        {
            return Sample<Dictionary<string, List<int>>>("GetListsByKey", "Dictionary<string,List<int>>", name);
        }

        public Dictionary<string, Dictionary<string, int>> EchoNestedDictionary(Dictionary<string, Dictionary<string, int>> value)
        {
            return Echoed("EchoNestedDictionary", value);
        }

        public Dictionary<string, Dictionary<string, int>> GetNestedDictionary(string name)
        {
            return Sample<Dictionary<string, Dictionary<string, int>>>("GetNestedDictionary", "Dictionary<string,Dictionary<string,int>>", name);
        }

        public Node EchoNode(Node value) { return Echoed("EchoNode", value); }
        public Node GetNode(string name) { return Sample<Node>("GetNode", "Node", name); }
        public List<Node> EchoNodes(List<Node> value) { return Echoed("EchoNodes", value); }
        public List<Node> GetNodes(string name) { return Sample<List<Node>>("GetNodes", "List<Node>", name); }
        public Graph EchoGraph(Graph value) { return Echoed("EchoGraph", value); }
        public Graph GetGraph(string name) { return Sample<Graph>("GetGraph", "Graph", name); }
        public Base EchoBase(Base value) { return Echoed("EchoBase", value); }
        public Base GetBase(string name) { return Sample<Base>("GetBase", "Base", name); }
        public Derived EchoDerived(Derived value) { return Echoed("EchoDerived", value); }
        public Derived GetDerived(string name) { return Sample<Derived>("GetDerived", "Derived", name); }
        public Leaf EchoLeaf(Leaf value) { return Echoed("EchoLeaf", value); }
        public Leaf GetLeaf(string name) { return Sample<Leaf>("GetLeaf", "Leaf", name); }
        public Holder EchoHolder(Holder value) { return Echoed("EchoHolder", value); }
        public Holder GetHolder(string name) { return Sample<Holder>("GetHolder", "Holder", name); }
        public Level EchoLevel(Level value) { return Echoed("EchoLevel", value); }
        public Level GetLevel(string name) { return Sample<Level>("GetLevel", "Level", name); }
        public Rights EchoRights(Rights value) { return Echoed("EchoRights", value); }
        public Rights GetRights(string name) { return Sample<Rights>("GetRights", "Rights", name); }
        public Settings EchoSettings(Settings value) { return Echoed("EchoSettings", value); }
        public Settings GetSettings(string name) { return Sample<Settings>("GetSettings", "Settings", name); }

        public Item Validate(Item item)
        {
            Recorder.Note("Validate", item == null ? "<null>" : item.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (item != null && item.Count < 0)
                throw new WebFault<ErrorInfo>(WorldCases.Error(), HttpStatusCode.BadRequest);
            return item;
        }

        public string BadRequest()
        {
            Recorder.Note("BadRequest", null);
            throw new WebFault<ErrorInfo>(WorldCases.Error(), HttpStatusCode.BadRequest);
        }

        public string NotFound(string id)
        {
            Recorder.Note("NotFound", id);
            throw new WebFault<NotFoundInfo>(new NotFoundInfo { Resource = "Item", Id = id }, HttpStatusCode.NotFound);
        }

        public string Conflict()
        {
            Recorder.Note("Conflict", null);
            throw new WebFault(HttpStatusCode.Conflict);
        }

        public string Unhandled()
        {
            Recorder.Note("Unhandled", null);
            throw new InvalidOperationException("World.Unhandled failed on purpose");
        }

        public ErrorInfo StatusCode()
        {
            Recorder.Note("StatusCode", null);
            WebOperationContext.Current.OutgoingResponse.StatusCode = HttpStatusCode.BadRequest;
            return WorldCases.Error();
        }

        public string FaultException()
        {
            Recorder.Note("FaultException", null);
            throw new FaultException<ErrorInfo>(WorldCases.Error(), "Count must not be negative");
        }

        public string MonoWebFault()
        {
            Recorder.Note("MonoWebFault", null);
            return ThrowWebFaultException();
        }

        // Compiled against the 4.5-api reference assembly, which declares the class; Mono's
        // runtime assembly has no such type, so calling this throws TypeLoadException.
        static string ThrowWebFaultException()
        {
            throw new WebFaultException<ErrorInfo>(WorldCases.Error(), HttpStatusCode.BadRequest);
        }
    }

    public static class WorldHost
    {
        public static int Main(string[] args)
        {
            return LaneHosting.Run(args, "usage: mono WorldHost.exe <port>[,<lane port>...] [--exit-on-stdin-eof]",
                typeof(WorldService), typeof(IWorld), "World.svc", "WorldJson.svc", () => new WebHttpBehavior(),
                new WebFaultEmulation());
        }
    }
}
