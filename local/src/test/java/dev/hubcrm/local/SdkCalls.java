package dev.hubcrm.local;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS SDK service operations a class file calls: the methods of {@code software/amazon/awssdk/services/<service>/<Name>Client}
 * its constant pool references (a call through the sync client, with a request or a consumer of its builder). Read from the
 * class file's constant pool (JVMS 4.4) rather than a bytecode library, which no function or test needs otherwise.
 */
final class SdkCalls {
    private static final Pattern CLIENT = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+Client");

    /** A call of {@code operation} (as the SDK names its request, e.g. {@code PutItem}) on {@code service} (e.g. {@code dynamodb}). */
    record Call(String service, String operation) implements Comparable<Call> {
        /** Where the service's client lives in a jar: a jar without it never loads a class that calls it. */
        String clientPackage() {
            return "software/amazon/awssdk/services/" + service + "/";
        }

        /** The class the shaded jar needs to send it: the operation's request marshaller. */
        String marshaller() {
            return "software/amazon/awssdk/services/" + service + "/transform/" + operation + "RequestMarshaller.class";
        }

        @Override
        public int compareTo(Call other) {
            return (service + operation).compareTo(other.service + other.operation);
        }
    }

    private SdkCalls() {
    }

    /** The operations {@code classFile} calls on SDK service clients; methods that take no request (close, serviceName...) are not operations. */
    static Set<Call> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Map<Integer, String> utf8 = new HashMap<>();
        Map<Integer, Integer> classNames = new HashMap<>();
        Map<Integer, int[]> nameAndTypes = new HashMap<>();
        List<int[]> interfaceMethods = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 7 -> classNames.put(i, in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                case 9, 10, 17, 18 -> in.readInt();
                case 11 -> interfaceMethods.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> nameAndTypes.put(i, new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        Set<Call> calls = new TreeSet<>();
        for (int[] method : interfaceMethods) {
            Matcher client = CLIENT.matcher(utf8.get(classNames.get(method[0])));
            int[] nameAndType = nameAndTypes.get(method[1]);
            String descriptor = utf8.get(nameAndType[1]);
            if (client.matches() && (descriptor.contains("Request;") || descriptor.contains("Ljava/util/function/Consumer;"))) {
                String name = utf8.get(nameAndType[0]).replaceFirst("(Paginator|AsBytes)$", "");
                calls.add(new Call(client.group(1), Character.toUpperCase(name.charAt(0)) + name.substring(1)));
            }
        }
        return calls;
    }
}
