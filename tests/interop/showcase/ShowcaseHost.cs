// Test host for the Showcase WebHttp service (ShowcaseContract.cs) on Mono WCF.
//
//   TZ=Europe/Prague mono ShowcaseHost.exe <port>[,<lane port>...] [--exit-on-stdin-eof]
//
// Endpoints (all on 127.0.0.1 only; the two IShowcase ones on every port given, /_test on the
// first only):
//   http://127.0.0.1:<port>/Showcase.svc      IShowcase, XML responses (WCF default)
//   http://127.0.0.1:<port>/ShowcaseJson.svc  IShowcase, JSON responses (Mono ignores Accept,
//                                             so a second endpoint is the only way to get JSON)
//   http://127.0.0.1:<port>/_test             test-only inspection: GET received, GET errors, POST reset
//                                             (a plain HttpListener, not WCF: see TestControl)
//
// Request bodies may be XML or JSON on both IShowcase endpoints (WCF picks the reader from the
// request Content-Type; anything else is "Raw", which only Stream parameters accept).
//
// GET /_test/received: one JSON object per request that reached an IShowcase endpoint, in
// arrival order. Strings are base64 of their UTF-8 bytes (body: of the raw bytes) or null, so
// the Python side compares exact bytes without trusting any JSON/escaping layer:
//   {"method": b64, "uri": b64 (request URI as the listener saw it), "path": b64,
//    "query": b64 (undecoded, without "?"), "content_type": b64|null,
//    "body": b64|null (exact request body bytes; null when the channel read none),
//    "operation": b64|null (the IShowcase method that ran), "note": b64|null (what it decoded)}
// GET /_test/errors: exceptions the dispatcher turned into faults: {"type","message","inner"}.
// The process prints "READY <first port>" on stdout once all endpoints listen.
//
// The raw body is captured by RecordingEncoder, a pass-through wrapper around WCF's own
// WebMessageEncoder: the bytes are copied before WCF parses them, so what we record is what
// came off the wire, and what WCF decodes is unaffected.
//
// Workarounds, each marked where it is, all keeping Mono's wire behavior otherwise:
// * HarnessErrorHandler: Mono's own fault path crashes the process for XML deserialization
//   failures (see the K2 harness, CallHistoryHost.cs); we supply the same fault first.
// * WrappedRequestFormatter: Mono cannot read wrapped request bodies at all.
// * GetFile: Mono binds {*path} to the whole relative path.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Security.Cryptography;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.ServiceModel.Web;
using System.Text;
using System.Threading;
using System.Xml;

namespace Showcase
{
    // One request as it reached an IShowcase endpoint. Filled by RecordingInspector, then
    // completed by the operation (Operation, Note).
    class Entry
    {
        public string Method, Uri, Path, Query, ContentType, Operation, Note;
        public byte[] Body;

        public string ToJson()
        {
            return "{\"method\":" + Recorder.B64(Method) + ",\"uri\":" + Recorder.B64(Uri)
                + ",\"path\":" + Recorder.B64(Path) + ",\"query\":" + Recorder.B64(Query)
                + ",\"content_type\":" + Recorder.B64(ContentType)
                + ",\"body\":" + (Body == null ? "null" : "\"" + Convert.ToBase64String(Body) + "\"")
                + ",\"operation\":" + Recorder.B64(Operation) + ",\"note\":" + Recorder.B64(Note) + "}";
        }
    }

    // Static: Mono creates separate service instances per endpoint despite InstanceContextMode.Single.
    static class Recorder
    {
        public const string EntryProperty = "showcase.entry";
        public const string BodyProperty = "showcase.body";

        static readonly object gate = new object();
        static readonly List<Entry> received = new List<Entry>();
        static readonly List<string> errors = new List<string>();

        public static void Add(Entry entry) { lock (gate) received.Add(entry); }
        public static void AddError(string json) { lock (gate) errors.Add(json); }
        public static void Clear() { lock (gate) { received.Clear(); errors.Clear(); } }

        public static string ReceivedJson()
        {
            lock (gate)
            {
                var parts = new List<string>();
                foreach (Entry e in received) parts.Add(e.ToJson());
                return "[" + string.Join(",", parts.ToArray()) + "]";
            }
        }

        public static string ErrorsJson() { lock (gate) return "[" + string.Join(",", errors.ToArray()) + "]"; }

        // Called by an operation: completes the entry the inspector made for this request.
        public static void Note(string operation, string note)
        {
            object value;
            OperationContext ctx = OperationContext.Current;
            if (ctx != null && ctx.IncomingMessageProperties.TryGetValue(EntryProperty, out value))
            {
                var entry = (Entry)value;
                lock (gate) { entry.Operation = operation; entry.Note = note; }
            }
        }

        // Base64 never needs JSON escaping, and null stays distinguishable from "".
        public static string B64(string s)
        {
            return s == null ? "null" : "\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "\"";
        }
    }

    // ------------------------------------------------------------------ raw body capture

    class RecordingEncodingBindingElement : MessageEncodingBindingElement
    {
        readonly MessageEncodingBindingElement inner;

        public RecordingEncodingBindingElement(MessageEncodingBindingElement inner) { this.inner = inner; }

        public override MessageVersion MessageVersion
        {
            get { return inner.MessageVersion; }
            set { inner.MessageVersion = value; }
        }

        public override MessageEncoderFactory CreateMessageEncoderFactory()
        {
            return new RecordingEncoderFactory(inner.CreateMessageEncoderFactory());
        }

        public override BindingElement Clone()
        {
            return new RecordingEncodingBindingElement((MessageEncodingBindingElement)inner.Clone());
        }

        public override T GetProperty<T>(BindingContext context)
        {
            return inner.GetProperty<T>(context);
        }

        public override IChannelListener<TChannel> BuildChannelListener<TChannel>(BindingContext context)
        {
            context.BindingParameters.Add(this);
            return context.BuildInnerChannelListener<TChannel>();
        }

        public override bool CanBuildChannelListener<TChannel>(BindingContext context)
        {
            return context.CanBuildInnerChannelListener<TChannel>();
        }
    }

    class RecordingEncoderFactory : MessageEncoderFactory
    {
        readonly MessageEncoder encoder;

        public RecordingEncoderFactory(MessageEncoderFactory inner) { encoder = new RecordingEncoder(inner.Encoder); }

        public override MessageEncoder Encoder { get { return encoder; } }
        public override MessageVersion MessageVersion { get { return encoder.MessageVersion; } }
    }

    class RecordingEncoder : MessageEncoder
    {
        readonly MessageEncoder inner;

        public RecordingEncoder(MessageEncoder inner) { this.inner = inner; }

        public override string ContentType { get { return inner.ContentType; } }
        public override string MediaType { get { return inner.MediaType; } }
        public override MessageVersion MessageVersion { get { return inner.MessageVersion; } }
        public override bool IsContentTypeSupported(string contentType) { return inner.IsContentTypeSupported(contentType); }
        public override T GetProperty<T>() { return inner.GetProperty<T>(); }

        public override Message ReadMessage(Stream stream, int maxSizeOfHeaders, string contentType)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] body = copy.ToArray();
            Message message = inner.ReadMessage(new MemoryStream(body), maxSizeOfHeaders, contentType);
            message.Properties[Recorder.BodyProperty] = body;
            return message;
        }

        public override Message ReadMessage(ArraySegment<byte> buffer, BufferManager bufferManager, string contentType)
        {
            var body = new byte[buffer.Count];
            Array.Copy(buffer.Array, buffer.Offset, body, 0, buffer.Count);
            Message message = inner.ReadMessage(buffer, bufferManager, contentType);
            message.Properties[Recorder.BodyProperty] = body;
            return message;
        }

        public override void WriteMessage(Message message, Stream stream) { inner.WriteMessage(message, stream); }

        public override ArraySegment<byte> WriteMessage(Message message, int maxMessageSize, BufferManager bufferManager, int messageOffset)
        {
            return inner.WriteMessage(message, maxMessageSize, bufferManager, messageOffset);
        }
    }

    // Records every request (before deserialization, so failed ones too) as an Entry.
    class RecordingInspector : IDispatchMessageInspector, IEndpointBehavior
    {
        public object AfterReceiveRequest(ref Message request, IClientChannel channel, InstanceContext instanceContext)
        {
            var entry = new Entry();
            object value;
            if (request.Properties.TryGetValue(HttpRequestMessageProperty.Name, out value))
            {
                var http = (HttpRequestMessageProperty)value;
                entry.Method = http.Method;
                entry.Query = http.QueryString;
                entry.ContentType = http.Headers[System.Net.HttpRequestHeader.ContentType];
            }
            Uri to = request.Headers.To;
            if (to != null)
            {
                entry.Uri = to.OriginalString;
                entry.Path = to.AbsolutePath;
            }
            if (request.Properties.TryGetValue(Recorder.BodyProperty, out value))
                entry.Body = (byte[])value;
            request.Properties[Recorder.EntryProperty] = entry;
            Recorder.Add(entry);
            return null;
        }

        public void BeforeSendReply(ref Message reply, object correlationState) { }

        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime runtime) { }
        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher dispatcher)
        {
            dispatcher.DispatchRuntime.MessageInspectors.Add(this);
        }
        public void Validate(ServiceEndpoint endpoint) { }
    }

    // ------------------------------------------------------------------ wrapped requests

    // Mono cannot read wrapped request bodies: its formatter calls GetReaderAtBodyContents once
    // per body part and reuses the first part's serializer for all parts, so every wrapped
    // request dies with "'Element' is an invalid XmlNodeType" and the client gets an empty
    // 200 (the operation never runs). This behavior swaps in a request formatter that reads the
    // body the way .NET's DataContract(Json)SerializerOperationFormatter does; replies (which
    // Mono wraps correctly) still go through Mono's own formatter.
    class ShowcaseWebHttpBehavior : WebHttpBehavior
    {
        protected override IDispatchMessageFormatter GetRequestDispatchFormatter(OperationDescription operation, ServiceEndpoint endpoint)
        {
            WebInvokeAttribute invoke = operation.Behaviors.Find<WebInvokeAttribute>();
            if (invoke != null && (invoke.BodyStyle == WebMessageBodyStyle.Wrapped || invoke.BodyStyle == WebMessageBodyStyle.WrappedRequest))
                return new WrappedRequestFormatter(operation);
            return base.GetRequestDispatchFormatter(operation, endpoint);
        }
    }

    class WrappedRequestFormatter : IDispatchMessageFormatter
    {
        readonly MessageDescription request;

        public WrappedRequestFormatter(OperationDescription operation)
        {
            request = operation.Messages[0];
            // Showcase's wrapped operations take every parameter from the body.
            WebInvokeAttribute invoke = operation.Behaviors.Find<WebInvokeAttribute>();
            if (invoke.UriTemplate != null && invoke.UriTemplate.Contains("{"))
                throw new NotSupportedException("WrappedRequestFormatter: URI template variables in " + operation.Name);
        }

        public void DeserializeRequest(Message message, object[] parameters)
        {
            // Mono's own formatter does this; its reply formatter removes the context again.
            OperationContext context = OperationContext.Current;
            if (context != null)
                context.Extensions.Add(new WebOperationContext(context));

            object value;
            var format = message.Properties.TryGetValue(WebBodyFormatMessageProperty.Name, out value)
                ? ((WebBodyFormatMessageProperty)value).Format
                : WebContentFormat.Xml;
            if (message.IsEmpty)
                return;  // every parameter null/default, as in .NET
            XmlDictionaryReader reader = message.GetReaderAtBodyContents();
            if (format == WebContentFormat.Json)
                ReadJson(reader, parameters);
            else if (format == WebContentFormat.Xml)
                ReadXml(reader, parameters);
            else
                throw new InvalidOperationException("wrapped body in format " + format);
        }

        // DataContractSerializerOperationFormatter.DeserializeParameters: order-sensitive; an
        // element that is not the next expected part is skipped, a skipped part stays null.
        void ReadXml(XmlDictionaryReader reader, object[] parameters)
        {
            reader.MoveToContent();
            if (!reader.IsStartElement(request.Body.WrapperName, request.Body.WrapperNamespace))
                throw new SerializationException("Expecting element '" + request.Body.WrapperName + "' from namespace '"
                    + request.Body.WrapperNamespace + "', found '" + reader.LocalName + "' from '" + reader.NamespaceURI + "'");
            bool empty = reader.IsEmptyElement;
            reader.Read();
            if (empty)
                return;
            var parts = request.Body.Parts;
            int next = 0;
            while (reader.IsStartElement())
            {
                for (int i = next; i < parts.Count; i++)
                {
                    var serializer = new DataContractSerializer(parts[i].Type, parts[i].Name, parts[i].Namespace);
                    if (serializer.IsStartObject(reader))
                    {
                        parameters[parts[i].Index] = serializer.ReadObject(reader, true);
                        next = i + 1;
                    }
                    else
                    {
                        parameters[parts[i].Index] = null;
                    }
                }
                if (reader.IsStartElement())
                    reader.Skip();
            }
            reader.ReadEndElement();
        }

        // DataContractJsonSerializerOperationFormatter.DeserializeParameters: members in any
        // order, unknown members skipped, missing ones null.
        void ReadJson(XmlDictionaryReader reader, object[] parameters)
        {
            reader.MoveToContent();
            bool empty = reader.IsEmptyElement;
            reader.ReadStartElement("root", "");
            if (empty)
                return;
            var parts = request.Body.Parts;
            while (reader.IsStartElement())
            {
                bool read = false;
                for (int i = 0; i < parts.Count && !read; i++)
                {
                    var serializer = new DataContractJsonSerializer(parts[i].Type, parts[i].Name);
                    if (serializer.IsStartObject(reader))
                    {
                        parameters[parts[i].Index] = serializer.ReadObject(reader, true);
                        read = true;
                    }
                }
                if (!read)
                    reader.Skip();
            }
            reader.ReadEndElement();
        }

        public Message SerializeReply(MessageVersion version, object[] parameters, object result)
        {
            throw new NotSupportedException("request-only formatter");
        }
    }

    // ------------------------------------------------------------------ faults

    class HarnessErrorHandler : IErrorHandler, IServiceBehavior
    {
        public void AddBindingParameters(ServiceDescription description, ServiceHostBase host,
            System.Collections.ObjectModel.Collection<ServiceEndpoint> endpoints, BindingParameterCollection parameters) { }

        public void ApplyDispatchBehavior(ServiceDescription description, ServiceHostBase host)
        {
            foreach (ChannelDispatcherBase cdb in host.ChannelDispatchers)
                ((ChannelDispatcher)cdb).ErrorHandlers.Add(this);
        }

        public void Validate(ServiceDescription description, ServiceHostBase host) { }

        // Same code, namespace and reason text as Mono's OperationInvokerHandler fault.
        const string FaultNs = "http://schemas.microsoft.com/ws/2005/05/addressing/none";
        const string FaultReason = "The server was unable to process the request due to an internal error.  The server may be able to return exception details (it depends on the server settings).";

        public void ProvideFault(Exception error, MessageVersion version, ref Message fault)
        {
            Exception inner = error.InnerException;
            Recorder.AddError("{\"type\":" + Recorder.B64(error.GetType().FullName)
                + ",\"message\":" + Recorder.B64(error.Message)
                + ",\"inner\":" + (inner == null ? "null" : Recorder.B64(inner.GetType().FullName + ": " + inner.Message))
                + "}");
            if (fault == null)
                fault = Message.CreateMessage(version, new FaultCode("InternalServiceFault", FaultNs), FaultReason, (string)null);
        }

        public bool HandleError(Exception error) { return false; }
    }

    // ------------------------------------------------------------------ the service

    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Multiple)]
    public class ShowcaseService : IShowcase
    {
        const string Null = "<null>";

        static T Echoed<T>(string operation, T value)
        {
            Recorder.Note(operation, null);
            return value;
        }

        public Everything Echo(Everything value) { return Echoed("Echo", value); }
        public List<Everything> EchoMany(List<Everything> values) { return Echoed("EchoMany", values); }

        public string GetItem(string id, string filter, int top)
        {
            string result = (id ?? Null) + "|" + (filter ?? Null) + "|" + top.ToString(CultureInfo.InvariantCulture);
            Recorder.Note("GetItem", result);
            return result;
        }

        public string GetFile(string path)
        {
            // Mono binds {*path} to the whole relative path ("Files/a/b"), not to the wildcard
            // part; the note keeps Mono's value, the result is what .NET would bind ("a/b").
            Recorder.Note("GetFile", path);
            var parts = new List<string>();
            foreach (string segment in WebOperationContext.Current.IncomingRequest.UriTemplateMatch.WildcardPathSegments)
                parts.Add(Uri.UnescapeDataString(segment));
            return string.Join("/", parts.ToArray());
        }

        public Tag PutItem(string id, Tag tag)
        {
            Recorder.Note("PutItem", (id ?? Null) + "|" + TagXml(tag));
            if (tag == null)
                return null;
            return new Tag { Key = id + ":" + (tag.Key ?? Null), Weight = unchecked(tag.Weight + 1) };
        }

        public void DeleteItem(string id) { Recorder.Note("DeleteItem", id); }

        public int EchoInt(int value) { return Echoed("EchoInt", value); }
        public long EchoLong(long value) { return Echoed("EchoLong", value); }
        public string EchoString(string value) { return Echoed("EchoString", value); }
        public double EchoDouble(double value) { return Echoed("EchoDouble", value); }
        public decimal EchoDecimal(decimal value) { return Echoed("EchoDecimal", value); }
        public bool EchoBool(bool value) { return Echoed("EchoBool", value); }
        public Guid EchoGuid(Guid value) { return Echoed("EchoGuid", value); }
        public TimeSpan EchoDuration(TimeSpan value) { return Echoed("EchoDuration", value); }
        public char EchoChar(char value) { return Echoed("EchoChar", value); }

        public DateTime EchoDateTime(DateTime value)
        {
            // The Kind is what a DateTime loses most easily, so the note reports it.
            Recorder.Note("EchoDateTime", value.Kind + "|" + value.Ticks.ToString(CultureInfo.InvariantCulture));
            return value;
        }

        public List<Tag> EchoTags(List<Tag> tags) { return Echoed("EchoTags", tags); }
        public List<string> EchoStrings(List<string> values) { return Echoed("EchoStrings", values); }
        public Dictionary<string, int> EchoCounts(Dictionary<string, int> counts) { return Echoed("EchoCounts", counts); }

        public void Void(Tag tag) { Recorder.Note("Void", TagXml(tag)); }
        public void Ping() { Recorder.Note("Ping", ""); }

        public string Upload(Stream data)
        {
            var copy = new MemoryStream();
            data.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string result;
            using (var sha = SHA256.Create())
                result = bytes.Length.ToString(CultureInfo.InvariantCulture) + ":" + Hex(sha.ComputeHash(bytes));
            Recorder.Note("Upload", result);
            return result;
        }

        public Stream Download(string name)
        {
            Recorder.Note("Download", name);
            WebOperationContext.Current.OutgoingResponse.ContentType = "application/octet-stream";
            return new MemoryStream(DownloadBytes(name));
        }

        public string Concat(string a, int b)
        {
            string result = (a ?? Null) + b.ToString(CultureInfo.InvariantCulture);
            Recorder.Note("Concat", result);
            return result;
        }

        public int Sum(int x, int y)
        {
            Recorder.Note("Sum", x.ToString(CultureInfo.InvariantCulture) + "+" + y.ToString(CultureInfo.InvariantCulture));
            return unchecked(x + y);
        }

        // UTF-8 of the name twice, then every byte value once: deterministic, and not text.
        public static byte[] DownloadBytes(string name)
        {
            byte[] text = Encoding.UTF8.GetBytes(name ?? "");
            var result = new byte[text.Length * 2 + 256];
            text.CopyTo(result, 0);
            text.CopyTo(result, text.Length);
            for (int i = 0; i < 256; i++)
                result[text.Length * 2 + i] = (byte)i;
            return result;
        }

        static string TagXml(Tag tag)
        {
            if (tag == null)
                return Null;
            var ms = new MemoryStream();
            new DataContractSerializer(typeof(Tag)).WriteObject(ms, tag);
            return Encoding.UTF8.GetString(ms.ToArray());
        }

        static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder();
            foreach (byte b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    // ------------------------------------------------------------------ test control

    // The inspection endpoint is a plain HttpListener, not WCF: Mono's WCF dispatcher closes
    // its reply channel after every request and sleeps 100 ms before accepting the next
    // (ChannelDispatcher.ListenerLoopManager), so each WCF endpoint serves at most ~10
    // requests/s. Tests read the record after every call; through WCF that alone would add
    // 100-300 ms per test.
    class TestControl
    {
        readonly HttpListener listener = new HttpListener();

        public TestControl(string prefix)
        {
            listener.Prefixes.Add(prefix);
        }

        public void Start()
        {
            listener.Start();
            var thread = new Thread(Serve) { IsBackground = true, Name = "test-control" };
            thread.Start();
        }

        void Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = listener.GetContext(); }
                catch (Exception) { return; }
                try { Handle(context); }
                catch (Exception e) { Console.WriteLine("test control: " + e); }
            }
        }

        static void Handle(HttpListenerContext context)
        {
            string path = context.Request.Url.AbsolutePath, method = context.Request.HttpMethod, json;
            if (method == "GET" && path == "/_test/received")
                json = Recorder.ReceivedJson();
            else if (method == "GET" && path == "/_test/errors")
                json = Recorder.ErrorsJson();
            else if (method == "POST" && path == "/_test/reset")
            {
                Recorder.Clear();
                json = "true";
            }
            else
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                return;
            }
            byte[] body = Encoding.UTF8.GetBytes(json);
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body, 0, body.Length);
            context.Response.Close();
        }
    }

    public static class ShowcaseHost
    {
        public static int Main(string[] args)
        {
            var ports = new List<int>();
            foreach (string text in (args.Length > 0 ? args[0] : "").Split(','))
            {
                int port;
                if (int.TryParse(text, out port))
                    ports.Add(port);
            }
            if (ports.Count == 0)
            {
                Console.Error.WriteLine("usage: mono ShowcaseHost.exe <port>[,<lane port>...] [--exit-on-stdin-eof]");
                return 2;
            }
            bool exitOnStdinEof = Array.IndexOf(args, "--exit-on-stdin-eof") >= 0;
            int first = ports[0];
            // Every idle WCF endpoint parks thread-pool threads in blocked channel accepts (one
            // more every 100 ms); with the default minimum, the pool then injects threads slowly
            // and the first requests wait seconds for one.
            ThreadPool.SetMinThreads(128, 128);

            // Lanes: the same two endpoints on every port. Each endpoint has its own dispatcher
            // loop with its own 100 ms pause between requests (see TestControl), so a client that
            // rotates ports is not slowed down by the previous test's requests. One ServiceHost
            // per port: Mono listens only on the first port of a host's endpoints.
            var hosts = new List<ServiceHost>();
            foreach (int port in ports)
            {
                var host = new ServiceHost(typeof(ShowcaseService));
                string root = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
                // Mono routes a request to the first endpoint whose address is a string prefix of
                // the request URI; neither service address is a prefix of the other.
                AddEndpoint(host, typeof(IShowcase), root + "/ShowcaseJson.svc", WebMessageFormat.Json);
                AddEndpoint(host, typeof(IShowcase), root + "/Showcase.svc", WebMessageFormat.Xml);
                host.Description.Behaviors.Add(new HarnessErrorHandler());
                host.Open();
                hosts.Add(host);
            }
            new TestControl("http://127.0.0.1:" + first.ToString(CultureInfo.InvariantCulture) + "/_test/").Start();

            Console.Out.WriteLine("READY " + first.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();

            if (exitOnStdinEof)
            {
                // The parent holds our stdin open; EOF means it is gone, so don't linger holding the port.
                while (Console.In.ReadLine() != null) { }
            }
            else
            {
                Thread.Sleep(Timeout.Infinite);
            }
            foreach (ServiceHost host in hosts)
                host.Close();
            return 0;
        }

        static void AddEndpoint(ServiceHost host, Type contract, string address, WebMessageFormat responseFormat)
        {
            // Exact host-name matching keeps the listener on 127.0.0.1; with the default
            // (StrongWildcard) Mono listens on 0.0.0.0. The recording encoder sits where the
            // WebMessageEncodingBindingElement was.
            var web = new WebHttpBinding { HostNameComparisonMode = HostNameComparisonMode.Exact };
            BindingElementCollection elements = web.CreateBindingElements();
            var encoding = elements.Find<MessageEncodingBindingElement>();
            elements[elements.IndexOf(encoding)] = new RecordingEncodingBindingElement(encoding);
            ServiceEndpoint ep = host.AddServiceEndpoint(contract, new CustomBinding(elements), address);
            ep.Behaviors.Add(new ShowcaseWebHttpBehavior { DefaultOutgoingResponseFormat = responseFormat });
            ep.Behaviors.Add(new RecordingInspector());
        }
    }
}
