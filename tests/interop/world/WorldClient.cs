// Mono's own WCF REST client (WebChannelFactory<IWorld>) calling the World host, in XML and
// in JSON: the evidence for README.md's "Mono's client" facts (test_world_wire.py).
//
//   mono WorldClient.exe <xml base URL> <json base URL>
//
// One stdout line per call: "<format> <call> OK <value>" (the value written by
// DataContractSerializer; enums as their number) or "<format> <call> EXC <type>: <first line>".
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Description;
using System.ServiceModel.Web;
using System.Text;

namespace World
{
    public static class WorldClient
    {
        static string Show(object value)
        {
            if (value == null)
                return "null";
            if (value is Enum)
                return Convert.ToInt64(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stream = new MemoryStream();
            new DataContractSerializer(value.GetType()).WriteObject(stream, value);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        static void Call(string label, Func<object> call)
        {
            string line;
            try
            {
                line = "OK " + Show(call());
            }
            catch (Exception e)
            {
                line = "EXC " + e.GetType().FullName + ": " + e.Message.Split('\n')[0].TrimEnd();
            }
            Console.Out.WriteLine(label + " " + line);
        }

        public static int Main(string[] args)
        {
            Console.OutputEncoding = new UTF8Encoding(false);
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: mono WorldClient.exe <xml base URL> <json base URL>");
                return 2;
            }
            foreach (WebMessageFormat format in new[] { WebMessageFormat.Xml, WebMessageFormat.Json })
            {
                // No proxy (loopback only), and a hung call fails the test instead of stalling it.
                var binding = new WebHttpBinding
                {
                    UseDefaultWebProxy = false,
                    SendTimeout = TimeSpan.FromSeconds(10),
                    ReceiveTimeout = TimeSpan.FromSeconds(10),
                };
                var address = new Uri(args[format == WebMessageFormat.Xml ? 0 : 1]);
                using (var factory = new WebChannelFactory<IWorld>(binding, address))
                {
                    factory.Endpoint.Behaviors.Add(new WebHttpBehavior { DefaultOutgoingRequestFormat = format, DefaultOutgoingResponseFormat = format });
                    IWorld c = factory.CreateChannel();
                    string f = format.ToString().ToLowerInvariant() + " ";
                    Call(f + "GetLevel(level-zero)", () => c.GetLevel("level-zero"));
                    Call(f + "GetGrids(grids)", () => c.GetGrids("grids"));
                    Call(f + "GetNode(node-cycle)", () => c.GetNode("node-cycle"));
                    Call(f + "EchoLevel(High)", () => c.EchoLevel(Level.High));
                    Call(f + "EchoListOfListOfInt([[1]])", () => c.EchoListOfListOfInt(new List<List<int>> { new List<int> { 1 } }));
                    Call(f + "EchoBase(Derived)", () => c.EchoBase(new Derived { Name = "d", Size = 1 }));
                    Call(f + "Validate(Count=-1)", () => c.Validate(new Item { Name = "x", Count = -1 }));
                    Call(f + "NotFound(x)", () => c.NotFound("x"));
                }
            }
            return 0;
        }
    }
}
