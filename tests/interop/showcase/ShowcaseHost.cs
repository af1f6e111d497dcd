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
// request Content-Type; anything else is "Raw", which only Stream parameters accept). The
// hosting, the record /_test serves and the fault workaround are HostKit's (../HostKit.cs).
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
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Security.Cryptography;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.ServiceModel.Web;
using System.Text;
using System.Xml;
using HostKit;

namespace Showcase
{
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
    public static class ShowcaseHost
    {
        public static int Main(string[] args)
        {
            return LaneHosting.Run(args, "usage: mono ShowcaseHost.exe <port>[,<lane port>...] [--exit-on-stdin-eof]",
                typeof(ShowcaseService), typeof(IShowcase), "Showcase.svc", "ShowcaseJson.svc",
                () => new ShowcaseWebHttpBehavior());
        }
    }
}
