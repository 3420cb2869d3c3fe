package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The deployed jar, not the build's class path: {@code target/imports.jar} leaves parts of POI and
 * its dependencies out (see this module's pom), so an XLSX is read through that jar alone, in a
 * class loader that sees nothing else, the way Lambda loads it.
 */
class ShadedJarXlsxIT {

    @Test
    void theShadedJarReadsAnXlsxWithTextNumbersDatesAndBooleans() throws Exception {
        Path jar = Path.of("target", "imports.jar");
        assertThat(jar).exists();
        List<String> rows = new ArrayList<>();
        try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> handlerType = lambda.loadClass("dev.hubcrm.imports.SheetReader$RowHandler");
            Object handler = Proxy.newProxyInstance(lambda, new Class<?>[] {handlerType}, (proxy, method, args) -> {
                if (method.getName().equals("row")) {
                    rows.add(args[0] + ":" + args[1]);
                }
                return null;
            });
            Object reader = lambda.loadClass("dev.hubcrm.imports.XlsxSheetReader").getConstructor().newInstance();
            Method read = reader.getClass().getMethod("read", byte[].class, handlerType);
            read.invoke(reader, workbook(), handler);
        }
        assertThat(rows).containsExactly(
                "1:[Email, First Name, Orders, Since, Consent]",
                "2:[ada@example.com, Ada, 12, 2024-03-01, TRUE]");
    }

    private static byte[] workbook() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("Customers");
            Row header = sheet.createRow(0);
            String[] names = {"Email", "First Name", "Orders", "Since", "Consent"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            Row row = sheet.createRow(1);
            row.createCell(0).setCellValue("ada@example.com");
            row.createCell(1).setCellValue("Ada");
            row.createCell(2).setCellValue(12);
            row.createCell(3).setCellValue(LocalDate.of(2024, 3, 1));
            row.getCell(3).setCellStyle(date);
            row.createCell(4).setCellValue(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
