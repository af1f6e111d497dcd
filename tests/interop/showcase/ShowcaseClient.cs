// Mono's own WCF REST client (WebChannelFactory<IShowcase>, XML) calling a Showcase service:
// the reverse direction of the interop tests, so they can check that what a real WCF client
// sends reaches the generated FastAPI server stub with every value intact, and that what the
// stub answers reads back in WCF as exactly what was sent.
//
//   TZ=Europe/Prague mono ShowcaseClient.exe <baseUri>     e.g. http://127.0.0.1:8080/Showcase.svc
//
// One JSON object per call on stdout, in call order:
//   {"call": "Echo", "operation": "Echo",
//    "sent": [b64, ...],       canonical dump of each argument, in parameter order
//    "expected": b64|null,     canonical dump of the result a correct service returns (null: void)
//    "got": b64|null,          canonical dump of what WCF's client returned (null: void or error)
//    "same": true|false,       expected and got are the same bytes (and no error)
//    "error": "Type: message"|null}
// The canonical dump of a value is what DataContractSerializer writes for it with the declared
// type (the bytes of a bare WCF XML body); it keeps everything the client could lose: DateTime
// Kind (Z / offset / none), sub-second ticks, decimal scale, the exact double, nil vs empty.
// Stream arguments and results are dumped as their raw bytes; URI-bound arguments as
// DCS strings/ints like any other value.
// Every request carries the call's label in the X-Showcase-Call header.
// The process exits 0 after all calls, whatever each returned; 2 on bad usage.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Web;
using System.Text;

namespace Showcase
{
    public static class ShowcaseClient
    {
        static Tag T(string key, int weight) { return new Tag { Key = key, Weight = weight }; }

        static DateTime Dt(int y, int mo, int d, int h, int mi, int s, DateTimeKind kind, long ticks = 0)
        {
            return new DateTime(y, mo, d, h, mi, s, kind).AddTicks(ticks);
        }

        // Kept in sync with full_everything() in test_mono_client_to_generated_server.py.
        // Sub-second ticks are whole microseconds: Python's datetime/timedelta cannot hold more.
        public static Everything Full()
        {
            return new Everything
            {
                Text = "Příliš žluťoučký kůň úpěl ďábelské ódy <&> \"' \t\n 😀",
                Flag = true,
                U8 = byte.MaxValue,
                I8 = sbyte.MinValue,
                I16 = short.MinValue,
                I32 = int.MinValue,
                I64 = long.MinValue,
                U16 = ushort.MaxValue,
                U32 = uint.MaxValue,
                U64 = ulong.MaxValue,
                F32 = float.MaxValue,
                F64 = 0.1 + 0.2,  // 0.30000000000000004: needs all 17 digits
                Money = 1234.5600m,
                When = Dt(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc, 1234560),
                WhenOffset = new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromMinutes(330)).AddTicks(7890),
                Duration = new TimeSpan(1, 2, 3, 4, 567).Add(TimeSpan.FromTicks(8900)),
                Id = new Guid("1627aea5-8e0a-4371-9022-9b504344e724"),
                Letter = 'ř',
                Blob = new byte[] { 0, 1, 127, 128, 254, 255 },
                Link = new Uri("http://www.example.com/a b/ř?x=1&y=é#frag"),
                MaybeInt = int.MaxValue,
                MaybeDouble = double.MaxValue,
                MaybeId = null,
                MaybeWhen = Dt(1999, 5, 31, 11, 20, 0, DateTimeKind.Local),  // summer: +02:00
                MaybeColor = Color.Green,
                Color = Color.Blue,
                Perms = Perms.Read | Perms.Execute,
                Names = new List<string> { "a", null, "", "Šárka" },
                Numbers = new List<int> { int.MinValue, 0, int.MaxValue },
                Tags = new List<Tag> { T("k1", 1), null, T(null, int.MinValue) },
                Counts = new Dictionary<string, int> { { "x", 1 }, { "", -1 }, { "ůžas", int.MaxValue } },
                Shape = new Circle { Name = "kruh", Color = Color.Red, Radius = 1.5 },
                Shapes = new List<Shape>
                {
                    new Square { Name = "čtverec", Color = Color.Green, Side = 2.25 },
                    new Shape { Name = "základ", Color = Color.Blue },
                    null,
                },
                Anything = T("any", 7),
                Nested = T("vnořený", -1),
            };
        }

        // The other halves: the other integer extremes, the other DateTime kinds, the nullable
        // members flipped, null and empty reference members. Kept in sync with
        // sparse_everything() in the test.
        public static Everything Sparse()
        {
            return new Everything
            {
                Text = "",
                Flag = false,
                U8 = 0,
                I8 = sbyte.MaxValue,
                I16 = short.MaxValue,
                I32 = int.MaxValue,
                I64 = long.MaxValue,
                U16 = 0,
                U32 = 0,
                U64 = 0,
                F32 = float.Epsilon,
                F64 = -1.7976931348623157E+308,
                Money = decimal.MinValue,
                When = Dt(2024, 1, 15, 8, 0, 0, DateTimeKind.Local, 5000000),  // winter: +01:00
                WhenOffset = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)),
                Duration = TimeSpan.FromTicks(-12500000),
                Id = Guid.Empty,
                Letter = 'Ž',
                Blob = null,
                Link = null,
                MaybeInt = null,
                MaybeDouble = null,
                MaybeId = new Guid("00000000-0000-0000-0000-000000000001"),
                MaybeWhen = Dt(2001, 2, 3, 4, 5, 6, DateTimeKind.Unspecified),
                MaybeColor = null,
                Color = Color.Green,
                Perms = Perms.None,
                Names = new List<string>(),
                Numbers = null,
                Tags = new List<Tag>(),
                Counts = new Dictionary<string, int>(),
                Shape = null,
                Shapes = new List<Shape>(),
                Anything = null,
                Nested = null,
            };
        }

        static readonly StreamWriter stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };

        static byte[] Dump(Type type, object value)
        {
            if (typeof(Stream).IsAssignableFrom(type))
            {
                var copy = new MemoryStream();
                ((Stream)value).CopyTo(copy);
                return copy.ToArray();
            }
            var stream = new MemoryStream();
            new DataContractSerializer(type).WriteObject(stream, value);
            return stream.ToArray();
        }

        static string B64(byte[] bytes) { return bytes == null ? "null" : "\"" + Convert.ToBase64String(bytes) + "\""; }

        static string Str(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\')
                    sb.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7e)
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else
                    sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        public const string CallHeader = "X-Showcase-Call";
        static IShowcase channel;

        // Runs one call and prints its line. args: (declared type, value) pairs, dumped before
        // the call (a Stream argument is dumped from a copy, since the call consumes it).
        static void Call(string call, string operation, object[] args, Type resultType, object expected, Func<object> invoke)
        {
            var sent = new List<string>();
            for (int i = 0; i < args.Length; i += 2)
                sent.Add(B64(Dump((Type)args[i], args[i + 1])));
            byte[] want = resultType == typeof(void) ? null : Dump(resultType, expected);
            byte[] got = null;
            string error = null;
            try
            {
                // The label travels in a header, so the server side can tell which call a
                // request belongs to even when one never arrives (Mono refuses some calls).
                using (new OperationContextScope((IContextChannel)channel))
                {
                    WebOperationContext.Current.OutgoingRequest.Headers[CallHeader] = call;
                    object result = invoke();
                    if (resultType != typeof(void))
                        got = Dump(resultType, result);
                }
            }
            catch (Exception e)
            {
                error = e.GetType().FullName + ": " + e.Message;
                if (e.InnerException != null)
                    error += " ---> " + e.InnerException.GetType().FullName + ": " + e.InnerException.Message;
            }
            bool same = error == null && (want == null ? got == null : got != null && Convert.ToBase64String(want) == Convert.ToBase64String(got));
            stdout.WriteLine("{\"call\":" + Str(call) + ",\"operation\":" + Str(operation)
                + ",\"sent\":[" + string.Join(",", sent.ToArray()) + "]"
                + ",\"expected\":" + B64(want) + ",\"got\":" + B64(got)
                + ",\"same\":" + (same ? "true" : "false")
                + ",\"error\":" + (error == null ? "null" : Str(error)) + "}");
        }

        static object[] A(params object[] typeValuePairs) { return typeValuePairs; }

        static Tag Put(string id, Tag tag) { return new Tag { Key = id + ":" + tag.Key, Weight = tag.Weight + 1 }; }

        public static int Main(string[] args)
        {
            if (args.Length != 1)
            {
                Console.Error.WriteLine("usage: mono ShowcaseClient.exe <baseUri>");
                return 2;
            }
            // No proxy (loopback only), and a hung call fails the test instead of stalling it.
            var binding = new WebHttpBinding
            {
                UseDefaultWebProxy = false,
                SendTimeout = TimeSpan.FromSeconds(10),
                ReceiveTimeout = TimeSpan.FromSeconds(10),
            };
            using (var factory = new WebChannelFactory<IShowcase>(binding, new Uri(args[0])))
            {
                IShowcase c = channel = factory.CreateChannel();
                Everything full = Full(), sparse = Sparse();
                var tags = new List<Tag> { T("a", 1), null, T(null, 0), T("ž", -7) };
                var strings = new List<string> { "x", null, "", "ěščřžýáíé" };
                var counts = new Dictionary<string, int> { { "a", 1 }, { "ž", -2 }, { "", int.MinValue } };
                var many = new List<Everything> { Full(), null, Sparse() };
                DateTime utc = Dt(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc, 9999990);
                DateTime local = Dt(2024, 7, 14, 12, 0, 0, DateTimeKind.Local, 10);  // 1 µs
                DateTime unspecified = Dt(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
                Guid guid = new Guid("1627aea5-8e0a-4371-9022-9b504344e724");
                TimeSpan duration = -new TimeSpan(3, 0, 0, 1);
                byte[] upload = new byte[1024];
                for (int i = 0; i < upload.Length; i++)
                    upload[i] = (byte)i;

                Call("Echo", "Echo", A(typeof(Everything), full), typeof(Everything), full, () => c.Echo(Full()));
                Call("Echo sparse", "Echo", A(typeof(Everything), sparse), typeof(Everything), sparse, () => c.Echo(Sparse()));
                Call("Echo null", "Echo", A(typeof(Everything), null), typeof(Everything), null, () => c.Echo(null));
                Call("EchoMany", "EchoMany", A(typeof(List<Everything>), many), typeof(List<Everything>), many, () => c.EchoMany(many));
                Call("EchoInt", "EchoInt", A(typeof(int), int.MinValue), typeof(int), int.MinValue, () => c.EchoInt(int.MinValue));
                Call("EchoLong", "EchoLong", A(typeof(long), long.MaxValue), typeof(long), long.MaxValue, () => c.EchoLong(long.MaxValue));
                Call("EchoString", "EchoString", A(typeof(string), "Příliš žluťoučký kůň"), typeof(string), "Příliš žluťoučký kůň",
                    () => c.EchoString("Příliš žluťoučký kůň"));
                Call("EchoString null", "EchoString", A(typeof(string), null), typeof(string), null, () => c.EchoString(null));
                Call("EchoDouble", "EchoDouble", A(typeof(double), 0.1 + 0.2), typeof(double), 0.1 + 0.2, () => c.EchoDouble(0.1 + 0.2));
                Call("EchoDecimal", "EchoDecimal", A(typeof(decimal), -0.0001000m), typeof(decimal), -0.0001000m, () => c.EchoDecimal(-0.0001000m));
                Call("EchoBool", "EchoBool", A(typeof(bool), true), typeof(bool), true, () => c.EchoBool(true));
                Call("EchoDateTime Utc", "EchoDateTime", A(typeof(DateTime), utc), typeof(DateTime), utc, () => c.EchoDateTime(utc));
                Call("EchoDateTime Local", "EchoDateTime", A(typeof(DateTime), local), typeof(DateTime), local, () => c.EchoDateTime(local));
                Call("EchoDateTime Unspecified", "EchoDateTime", A(typeof(DateTime), unspecified), typeof(DateTime), unspecified,
                    () => c.EchoDateTime(unspecified));
                Call("EchoGuid", "EchoGuid", A(typeof(Guid), guid), typeof(Guid), guid, () => c.EchoGuid(guid));
                Call("EchoDuration", "EchoDuration", A(typeof(TimeSpan), duration), typeof(TimeSpan), duration, () => c.EchoDuration(duration));
                Call("EchoChar", "EchoChar", A(typeof(char), 'ř'), typeof(char), 'ř', () => c.EchoChar('ř'));
                Call("EchoTags", "EchoTags", A(typeof(List<Tag>), tags), typeof(List<Tag>), tags, () => c.EchoTags(tags));
                Call("EchoStrings", "EchoStrings", A(typeof(List<string>), strings), typeof(List<string>), strings, () => c.EchoStrings(strings));
                Call("EchoCounts", "EchoCounts", A(typeof(Dictionary<string, int>), counts), typeof(Dictionary<string, int>), counts,
                    () => c.EchoCounts(counts));
                Call("GetItem", "GetItem", A(typeof(string), "a b&č", typeof(string), "x y/z", typeof(int), 3), typeof(string), "a b&č|x y/z|3",
                    () => c.GetItem("a b&č", "x y/z", 3));
                Call("GetItem null filter", "GetItem", A(typeof(string), "1", typeof(string), null, typeof(int), 0), typeof(string), "1|<null>|0",
                    () => c.GetItem("1", null, 0));
                Call("GetFile", "GetFile", A(typeof(string), "dir/sub dir/ř.txt"), typeof(string), "dir/sub dir/ř.txt",
                    () => c.GetFile("dir/sub dir/ř.txt"));
                Call("PutItem", "PutItem", A(typeof(string), "7", typeof(Tag), T("klíč", 41)), typeof(Tag), Put("7", T("klíč", 41)),
                    () => c.PutItem("7", T("klíč", 41)));
                Call("DeleteItem", "DeleteItem", A(typeof(string), "9"), typeof(void), null, () => { c.DeleteItem("9"); return null; });
                Call("Void", "Void", A(typeof(Tag), T("v", 0)), typeof(void), null, () => { c.Void(T("v", 0)); return null; });
                Call("Ping", "Ping", A(), typeof(void), null, () => { c.Ping(); return null; });
                Call("Upload", "Upload", A(typeof(Stream), new MemoryStream(upload)), typeof(string), UploadResult(upload),
                    () => c.Upload(new MemoryStream(upload)));
                Call("Download", "Download", A(typeof(string), "čau"), typeof(Stream), new MemoryStream(DownloadBytes("čau")),
                    () => c.Download("čau"));
                // Mono's client refuses wrapped requests before sending (NotImplementedException).
                Call("Concat", "Concat", A(typeof(string), "ab", typeof(int), 5), typeof(string), "ab5", () => c.Concat("ab", 5));
                Call("Sum", "Sum", A(typeof(int), 2, typeof(int), 40), typeof(int), 42, () => c.Sum(2, 40));
                try { ((IClientChannel)c).Close(); } catch (Exception) { ((IClientChannel)c).Abort(); }
            }
            return 0;
        }

        static string UploadResult(byte[] data)
        {
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var sb = new StringBuilder(data.Length.ToString(CultureInfo.InvariantCulture) + ":");
                foreach (byte b in sha.ComputeHash(data))
                    sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }

        // Same bytes as ShowcaseService.DownloadBytes (and harness.download_bytes).
        static byte[] DownloadBytes(string name)
        {
            byte[] text = Encoding.UTF8.GetBytes(name);
            var result = new byte[text.Length * 2 + 256];
            text.CopyTo(result, 0);
            text.CopyTo(result, text.Length);
            for (int i = 0; i < 256; i++)
                result[text.Length * 2 + i] = (byte)i;
            return result;
        }
    }
}
