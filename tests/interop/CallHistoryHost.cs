// Test host for K2's CallHistory service on Mono WCF.
//
//   mono CallHistoryHost.exe <port> [--exit-on-stdin-eof] [--no-fault-workaround]
//
// Endpoints (all on 127.0.0.1 only):
//   http://127.0.0.1:<port>/PBX      ICallHistory, XML responses (WCF default)
//   http://127.0.0.1:<port>/PBXJson  ICallHistory, JSON responses (Mono ignores Accept,
//                                    so a separate endpoint is the only way to get JSON)
//   http://127.0.0.1:<port>/_test    test-only inspection: GET received, GET errors, POST reset
//
// Request bodies may be XML or JSON on both ICallHistory endpoints; WCF chooses the reader
// from the request Content-Type.
//
// GET /_test/received returns a JSON array, one object per received call, in arrival order.
// Every string is base64 of its UTF-8 bytes (or null), so the Python side can compare
// exact bytes without trusting any JSON/escaping layer; the double is reported both as
// round-trip text and as its raw IEEE-754 bits:
//   {"path": b64, "content_type": b64|null, "event": null | {
//      "Direction": b64|null, ..., "To": b64|null,
//      "UniqueId": {"r": b64, "bits": "<signed int64 decimal>"}}}
// GET /_test/errors lists the exceptions the dispatcher turned into faults:
//   {"type": b64, "message": b64, "inner": b64|null}
// The process prints "READY <port>" on stdout once all endpoints are listening. Mono's WCF
// also logs some exceptions to stdout, so consumers must match that line exactly.
//
// Mono bug worked around here: when a request fails in the dispatcher before the operation
// runs (XML body with wrong root element/namespace or a bad double, unsupported Content-Type
// such as text/xml, ...), Mono builds its fault with an empty FaultCode namespace, cannot
// serialize it, and the unhandled exception kills the whole process. HarnessErrorHandler
// (HostKit.cs) supplies a serializable fault first. Its bytes are exactly what Mono itself sends when its
// own fault path works (e.g. a JSON body with "UniqueId":"abc"): HTTP 500,
// <Fault xmlns=".../envelope/none"> with an InternalServiceFault code. Pass
// --no-fault-workaround to observe the crash.
//
// Not worked around (they happen in Mono's HTTP channel, outside any WCF extension point):
// a POST without Content-Type or with an empty JSON body kills the process; a POST with an
// empty XML body, or an XML body sent as application/json, never gets an answer.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.ServiceModel;
using System.ServiceModel.Description;
using System.ServiceModel.Web;
using System.Text;

namespace K2.Interop
{
    [ServiceContract]
    public interface ITestControl
    {
        // Stream return type: we write the JSON bytes ourselves so no serializer can alter them.
        [OperationContract]
        [WebGet(UriTemplate = "received")]
        Stream Received();

        [OperationContract]
        [WebGet(UriTemplate = "errors")]
        Stream Errors();

        [OperationContract]
        [WebInvoke(Method = "POST", UriTemplate = "reset")]
        Stream Reset();
    }

    // What the service received. Static because Mono created separate service instances per
    // endpoint despite InstanceContextMode.Single. The exceptions turned into faults are
    // recorded by HostKit's HarnessErrorHandler (../HostKit.cs).
    static class Recorder
    {
        static readonly object gate = new object();
        static readonly List<string> received = new List<string>();

        public static void AddReceived(string json) { lock (gate) received.Add(json); }
        public static string ReceivedJson() { lock (gate) return "[" + string.Join(",", received.ToArray()) + "]"; }

        public static void Clear()
        {
            lock (gate) received.Clear();
            HostKit.Recorder.Clear();
        }
    }

    [ServiceBehavior(InstanceContextMode = InstanceContextMode.Single,
                     ConcurrencyMode = ConcurrencyMode.Multiple)]
    public class CallHistoryService : ICallHistory, ITestControl
    {
        public bool NewCallEvent(CallEvent callEvent)
        {
            IncomingWebRequestContext req = WebOperationContext.Current.IncomingRequest;
            Recorder.AddReceived("{\"path\":" + B64(req.UriTemplateMatch.RequestUri.AbsolutePath)
                + ",\"content_type\":" + B64(req.ContentType)
                + ",\"event\":" + EventJson(callEvent) + "}");
            return true;
        }

        public Stream Received()
        {
            return JsonStream(Recorder.ReceivedJson());
        }

        public Stream Errors()
        {
            return JsonStream(HostKit.Recorder.ErrorsJson());
        }

        public Stream Reset()
        {
            Recorder.Clear();
            return JsonStream("true");
        }

        static Stream JsonStream(string json)
        {
            WebOperationContext.Current.OutgoingResponse.ContentType = "application/json; charset=utf-8";
            return new MemoryStream(Encoding.UTF8.GetBytes(json));
        }

        static string EventJson(CallEvent e)
        {
            if (e == null)
                return "null";
            return "{\"Direction\":" + B64(e.Direction)
                + ",\"Email\":" + B64(e.Email)
                + ",\"EventName\":" + B64(e.EventName)
                + ",\"From\":" + B64(e.From)
                + ",\"Line\":" + B64(e.Line)
                + ",\"Login\":" + B64(e.Login)
                + ",\"Reason\":" + B64(e.Reason)
                + ",\"To\":" + B64(e.To)
                + ",\"UniqueId\":{\"r\":" + B64(e.UniqueId.ToString("R", CultureInfo.InvariantCulture))
                + ",\"bits\":\"" + BitConverter.DoubleToInt64Bits(e.UniqueId).ToString(CultureInfo.InvariantCulture)
                + "\"}}";
        }

        static string B64(string s)
        {
            return HostKit.Recorder.B64(s);
        }
    }

    public static class CallHistoryHost
    {
        public static int Main(string[] args)
        {
            // Mono's thread pool starts small and grows slowly: the first requests would wait seconds.
            System.Threading.ThreadPool.SetMinThreads(32, 32);
            int port;
            if (args.Length < 1 || !int.TryParse(args[0], out port))
            {
                Console.Error.WriteLine("usage: mono CallHistoryHost.exe <port> [--exit-on-stdin-eof] [--no-fault-workaround]");
                return 2;
            }
            bool faultWorkaround = Array.IndexOf(args, "--no-fault-workaround") < 0;
            string root = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

            var host = new ServiceHost(typeof(CallHistoryService));
            // Mono routes a request to the first endpoint whose address is a plain string prefix
            // of the request URI, so /PBXJson must be registered before /PBX.
            AddEndpoint(host, typeof(ICallHistory), root + "/PBXJson", WebMessageFormat.Json);
            AddEndpoint(host, typeof(ICallHistory), root + "/PBX", WebMessageFormat.Xml);
            AddEndpoint(host, typeof(ITestControl), root + "/_test", WebMessageFormat.Xml);
            if (faultWorkaround)
                host.Description.Behaviors.Add(new HostKit.HarnessErrorHandler());
            host.Open();

            HostKit.LaneHosting.ReadyUntilExit(port, args);
            host.Close();
            return 0;
        }

        static void AddEndpoint(ServiceHost host, Type contract, string address, WebMessageFormat responseFormat)
        {
            // Exact host-name matching keeps the listener on 127.0.0.1; with the default
            // (StrongWildcard) Mono listens on 0.0.0.0.
            var binding = new WebHttpBinding { HostNameComparisonMode = HostNameComparisonMode.Exact };
            ServiceEndpoint ep = host.AddServiceEndpoint(contract, binding, address);
            ep.Behaviors.Add(new WebHttpBehavior { DefaultOutgoingResponseFormat = responseFormat });
        }
    }
}
