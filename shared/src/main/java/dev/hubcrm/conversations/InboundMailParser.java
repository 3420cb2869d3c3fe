package dev.hubcrm.conversations;

import dev.hubcrm.common.Text;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Reads a raw RFC 5322 mail (as SES stores it) with Apache James mime4j: sender, subject,
 * Message-ID, and its text: the first {@code text/plain} part that is not an attachment, else the
 * first {@code text/html} one rendered to text with jsoup (never kept as HTML). Attachments are
 * skipped unread. Sizes are checked before parsing (ADR 13, ADR 28).
 */
public final class InboundMailParser {
    /** The largest raw mail read; a larger one is refused before parsing. */
    public static final int MAX_RAW_BYTES = 10 * 1024 * 1024;
    /** The most text kept, in characters (code points): a note's longest body. */
    public static final int MAX_TEXT_CHARACTERS = NoteService.MAX_BODY_CHARACTERS;
    /** Header values shown are cut here: RFC 5322's longest line. */
    static final int MAX_HEADER_CHARACTERS = 998;
    private static final int MAX_PARTS = 100;
    private static final MimeConfig LIMITS = new MimeConfig.Builder()
            .setMaxLineLen(-1) // HTML mail often comes as one long line; the raw size bounds it
            .setMaxHeaderCount(500)
            .setMaxHeaderLen(100_000)
            .setMaxPartCount(MAX_PARTS)
            .setMaxNestingDepth(20)
            .build();

    private InboundMailParser() {
    }

    /** A mail that is not read: over {@link #MAX_RAW_BYTES} (not parsed at all), or past a limit of its structure. */
    public static final class UnreadableMailException extends RuntimeException {
        UnreadableMailException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    public static InboundMail parse(byte[] raw) {
        if (raw.length > MAX_RAW_BYTES) {
            throw new UnreadableMailException("the mail has " + raw.length + " bytes, more than " + MAX_RAW_BYTES, null);
        }
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(LIMITS);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        try {
            Message message = builder.parseMessage(new ByteArrayInputStream(raw));
            Mailbox from = first(message.getFrom());
            String messageId = shown(message.getMessageId());
            if (messageId == null) {
                messageId = "sha256:" + sha256(raw);
            }
            String text = textOf(message);
            int limit = text.offsetByCodePoints(0, Math.min(MAX_TEXT_CHARACTERS, text.codePointCount(0, text.length())));
            MailOrigin origin = new MailOrigin(from == null ? null : from.getAddress().toLowerCase(Locale.ROOT),
                    from == null ? null : shown(from.getName()), shown(message.getSubject()), messageId, limit < text.length());
            return new InboundMail(origin, text.substring(0, limit),
                    Stream.concat(addresses(message.getTo()).stream(), addresses(message.getCc()).stream()).distinct().toList());
        } catch (MimeIOException e) {
            // past a limit of LIMITS (headers, parts, nesting)
            throw new UnreadableMailException("not a readable mail: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plain text of the mail, line ends as LF; "" when it has neither a text nor an HTML part. */
    private static String textOf(Message message) throws IOException {
        List<Entity> parts = new ArrayList<>();
        collectParts(message, parts);
        Entity plain = parts.stream().filter(part -> part.getMimeType().equals("text/plain")).findFirst().orElse(null);
        if (plain != null) {
            return read(plain).replace("\r\n", "\n");
        }
        Entity html = parts.stream().filter(part -> part.getMimeType().equals("text/html")).findFirst().orElse(null);
        return html == null ? "" : htmlToText(read(html));
    }

    /** The leaf parts in order, attachments left out. */
    private static void collectParts(Entity entity, List<Entity> parts) {
        if (entity.getBody() instanceof Multipart multipart) {
            multipart.getBodyParts().forEach(part -> collectParts(part, parts));
        } else if (!"attachment".equalsIgnoreCase(entity.getDispositionType()) && entity.getBody() instanceof TextBody) {
            parts.add(entity);
        }
    }

    /** A text part decoded (transfer encoding by mime4j, charset by its reader), read up to twice the characters kept. */
    private static String read(Entity part) throws IOException {
        try (Reader reader = ((TextBody) part.getBody()).getReader()) {
            char[] buffer = new char[2 * MAX_TEXT_CHARACTERS + 1];
            int length = 0;
            int read = 0;
            while (length < buffer.length && read >= 0) {
                read = reader.read(buffer, length, buffer.length - length);
                length += Math.max(read, 0);
            }
            return new String(buffer, 0, length);
        }
    }

    /** HTML as a reader sees it: text with line breaks at blocks and {@code <br>}, no markup, no script or style. */
    static String htmlToText(String html) {
        StringBuilder text = new StringBuilder();
        Jsoup.parse(html).body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element && (element.isBlock() || element.nameIs("br")) && !text.isEmpty()
                        && text.charAt(text.length() - 1) != '\n') {
                    text.append('\n');
                }
            }
        });
        return text.toString().strip();
    }

    /** A header value as shown: stripped, cut to {@value #MAX_HEADER_CHARACTERS} characters, null when absent or blank. */
    private static String shown(String value) {
        String stripped = Text.blankToNull(value);
        return stripped == null ? null : Text.cut(stripped, MAX_HEADER_CHARACTERS);
    }

    private static Mailbox first(MailboxList mailboxes) {
        return mailboxes == null || mailboxes.isEmpty() ? null : mailboxes.get(0);
    }

    private static List<String> addresses(AddressList list) {
        if (list == null) {
            return List.of();
        }
        return list.flatten().stream().map(Mailbox::getAddress).map(address -> address.toLowerCase(Locale.ROOT)).toList();
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
