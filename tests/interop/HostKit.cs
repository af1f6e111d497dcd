// HostKit: what the Showcase and World test hosts share; the K2 host uses its fault handler.
//
//   LaneHosting.Run(...)   serves one service contract on an XML endpoint and a JSON endpoint
//                          (Mono ignores Accept) on every port of "<port>[,<lane port>...]",
//                          plus the inspection endpoint /_test on the first port; prints
//                          "READY <first port>" and, with --exit-on-stdin-eof, exits when its
//                          stdin closes
//   Recorder               what /_test reports: the requests that reached a service endpoint
//                          and the exceptions the dispatcher turned into faults
//   HarnessErrorHandler    Mono's own fault path crashes the process for XML deserialization
//                          failures (see CallHistoryHost.cs): this handler supplies the fault
//                          Mono sends when its path works. Where Mono's path fails without
//                          crashing (a reply it cannot write: an empty 200), the fault changes
//                          what the client gets; --bare-last serves the last port without it.
//
// GET /_test/received: one JSON object per request that reached a service endpoint, in
// arrival order. Strings are base64 of their UTF-8 bytes (body: of the raw bytes) or null, so
// the Python side (hostkit.py) compares exact bytes without trusting any JSON/escaping layer:
//   {"method": b64, "uri": b64 (request URI as the listener saw it), "path": b64,
//    "query": b64 (undecoded, without "?"), "content_type": b64|null,
//    "body": b64|null (exact request body bytes; null when the channel read none),
//    "operation": b64|null (the method that ran), "note": b64|null (what it decoded)}
// GET /_test/errors: exceptions the dispatcher turned into faults: {"type","message","inner"}.
// POST /_test/reset clears both.
//
// The raw body is captured by RecordingEncoder, a pass-through wrapper around WCF's own
// WebMessageEncoder: the bytes are copied before WCF parses them, so what we record is what
// came off the wire, and what WCF decodes is unaffected.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.ServiceModel.Web;
using System.Text;
using System.Threading;

namespace HostKit
{
    // One request as it reached a service endpoint. Filled by RecordingInspector, then
    // completed by the operation (Operation, Note).
    public class Entry
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
    public static class Recorder
    {
        public const string EntryProperty = "hostkit.entry";
        public const string BodyProperty = "hostkit.body";

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

    public class RecordingEncodingBindingElement : MessageEncodingBindingElement
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

    public class RecordingEncoderFactory : MessageEncoderFactory
    {
        readonly MessageEncoder encoder;

        public RecordingEncoderFactory(MessageEncoderFactory inner) { encoder = new RecordingEncoder(inner.Encoder); }

        public override MessageEncoder Encoder { get { return encoder; } }
        public override MessageVersion MessageVersion { get { return encoder.MessageVersion; } }
    }

    public class RecordingEncoder : MessageEncoder
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
    public class RecordingInspector : IDispatchMessageInspector, IEndpointBehavior
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

    // ------------------------------------------------------------------ faults

    // An IErrorHandler that installs itself on every channel dispatcher of the host it is added to.
    public abstract class ServiceErrorHandler : IErrorHandler, IServiceBehavior
    {
        public void AddBindingParameters(ServiceDescription description, ServiceHostBase host,
            System.Collections.ObjectModel.Collection<ServiceEndpoint> endpoints, BindingParameterCollection parameters) { }

        public void ApplyDispatchBehavior(ServiceDescription description, ServiceHostBase host)
        {
            foreach (ChannelDispatcherBase cdb in host.ChannelDispatchers)
                ((ChannelDispatcher)cdb).ErrorHandlers.Add(this);
        }

        public void Validate(ServiceDescription description, ServiceHostBase host) { }

        public abstract void ProvideFault(Exception error, MessageVersion version, ref Message fault);

        public bool HandleError(Exception error) { return false; }
    }

    public class HarnessErrorHandler : ServiceErrorHandler
    {
        // Same code, namespace and reason text as Mono's OperationInvokerHandler fault.
        const string FaultNs = "http://schemas.microsoft.com/ws/2005/05/addressing/none";
        const string FaultReason = "The server was unable to process the request due to an internal error.  The server may be able to return exception details (it depends on the server settings).";

        public override void ProvideFault(Exception error, MessageVersion version, ref Message fault)
        {
            Exception inner = error.InnerException;
            Recorder.AddError("{\"type\":" + Recorder.B64(error.GetType().FullName)
                + ",\"message\":" + Recorder.B64(error.Message)
                + ",\"inner\":" + (inner == null ? "null" : Recorder.B64(inner.GetType().FullName + ": " + inner.Message))
                + "}");
            // Never replace a fault another handler made (WebHttpBehavior's 404 for unknown URIs).
            if (fault == null)
                fault = Message.CreateMessage(version, new FaultCode("InternalServiceFault", FaultNs), FaultReason, (string)null);
        }
    }

    // ------------------------------------------------------------------ test control

    // The inspection endpoint is a plain HttpListener, not WCF: Mono's WCF dispatcher closes
    // its reply channel after every request and sleeps 100 ms before accepting the next
    // (ChannelDispatcher.ListenerLoopManager), so each WCF endpoint serves at most ~10
    // requests/s. Tests read the record after every call; through WCF that alone would add
    // 100-300 ms per test.
    public class TestControl
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

    // ------------------------------------------------------------------ hosting

    public static class LaneHosting
    {
        // args: "<port>[,<lane port>...] [--exit-on-stdin-eof] [--bare-last]". service implements
        // contract; behavior makes each endpoint's WebHttpBehavior (DefaultOutgoingResponseFormat
        // is set here); extra service behaviors (error handlers) run before HarnessErrorHandler,
        // which the last port lacks with --bare-last (Mono's own fault path: requests it cannot
        // read kill the process there).
        public static int Run(string[] args, string usage, Type service, Type contract, string xmlPath, string jsonPath,
            Func<WebHttpBehavior> behavior, params IServiceBehavior[] extra)
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
                Console.Error.WriteLine(usage);
                return 2;
            }
            int first = ports[0];
            // Every idle WCF endpoint parks thread-pool threads in blocked channel accepts (one
            // more every 100 ms); with the default minimum, the pool then injects threads slowly
            // and the first requests wait seconds for one.
            ThreadPool.SetMinThreads(128, 128);

            // Lanes: the same two endpoints on every port. Each endpoint has its own dispatcher
            // loop with its own 100 ms pause between requests (see TestControl), so a client that
            // rotates ports is not slowed down by the previous test's requests. One ServiceHost
            // per port: Mono listens only on the first port of a host's endpoints.
            bool bareLast = Array.IndexOf(args, "--bare-last") >= 0;
            var hosts = new List<ServiceHost>();
            foreach (int port in ports)
            {
                var host = new ServiceHost(service);
                string root = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/";
                // Mono routes a request to the first endpoint whose address is a string prefix of
                // the request URI; neither service address may be a prefix of the other.
                AddEndpoint(host, contract, root + jsonPath, WebMessageFormat.Json, behavior);
                AddEndpoint(host, contract, root + xmlPath, WebMessageFormat.Xml, behavior);
                foreach (IServiceBehavior b in extra)
                    host.Description.Behaviors.Add(b);
                if (!bareLast || hosts.Count < ports.Count - 1)
                    host.Description.Behaviors.Add(new HarnessErrorHandler());
                host.Open();
                hosts.Add(host);
            }
            new TestControl("http://127.0.0.1:" + first.ToString(CultureInfo.InvariantCulture) + "/_test/").Start();

            ReadyUntilExit(first, args);
            foreach (ServiceHost host in hosts)
                host.Close();
            return 0;
        }

        // Prints "READY <port>" (the harness waits for exactly that line); with
        // --exit-on-stdin-eof returns when stdin closes, otherwise never.
        public static void ReadyUntilExit(int port, string[] args)
        {
            Console.Out.WriteLine("READY " + port.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
            if (Array.IndexOf(args, "--exit-on-stdin-eof") >= 0)
            {
                // The parent holds our stdin open; EOF means it is gone, so don't linger holding the port.
                while (Console.In.ReadLine() != null) { }
            }
            else
            {
                Thread.Sleep(Timeout.Infinite);
            }
        }

        static void AddEndpoint(ServiceHost host, Type contract, string address, WebMessageFormat responseFormat,
            Func<WebHttpBehavior> behavior)
        {
            // Exact host-name matching keeps the listener on 127.0.0.1; with the default
            // (StrongWildcard) Mono listens on 0.0.0.0. The recording encoder sits where the
            // WebMessageEncodingBindingElement was.
            var web = new WebHttpBinding { HostNameComparisonMode = HostNameComparisonMode.Exact };
            BindingElementCollection elements = web.CreateBindingElements();
            var encoding = elements.Find<MessageEncodingBindingElement>();
            elements[elements.IndexOf(encoding)] = new RecordingEncodingBindingElement(encoding);
            ServiceEndpoint ep = host.AddServiceEndpoint(contract, new CustomBinding(elements), address);
            WebHttpBehavior webBehavior = behavior();
            webBehavior.DefaultOutgoingResponseFormat = responseFormat;
            ep.Behaviors.Add(webBehavior);
            ep.Behaviors.Add(new RecordingInspector());
        }
    }
}
