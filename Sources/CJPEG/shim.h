// libjpeg-turbo reports errors through error_exit, which by default calls exit(). These two
// functions install an error manager that longjmps back into them instead, so no Swift frame is
// ever crossed by a longjmp: the Swift side only sees a return code and a message. Warnings
// (corrupt or missing data, e.g. a truncated file) are treated as errors too.
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr manager; // first, so a j_common_ptr's err points at the whole struct
    jmp_buf jump;
} msdb_jpeg_error;

static inline void msdb_jpeg_fail(j_common_ptr info) {
    longjmp(((msdb_jpeg_error *)info->err)->jump, 1);
}

static inline void msdb_jpeg_message(j_common_ptr info, int level) {
    if (level < 0) msdb_jpeg_fail(info); // a warning: the data is corrupt or cut short
}

static inline void msdb_jpeg_silent(j_common_ptr info) { (void)info; }

/// Routes `decoder`'s errors to `error`: failures longjmp to `error.jump` (each caller sets it in its
/// own frame), warnings count as failures, nothing is printed.
static inline void msdb_jpeg_use_errors(struct jpeg_decompress_struct *decoder, msdb_jpeg_error *error) {
    decoder->err = jpeg_std_error(&error->manager);
    error->manager.error_exit = msdb_jpeg_fail;
    error->manager.emit_message = msdb_jpeg_message;
    error->manager.output_message = msdb_jpeg_silent;
}

/// What the header declares.
typedef struct {
    int width;
    int height;
    int components;
    int color_space; // J_COLOR_SPACE of the file
} msdb_jpeg_info;

/// Reads the header of `size` bytes at `data` into `info`. Returns 0, or 1 with libjpeg's reason in
/// `message` (JMSG_LENGTH_MAX bytes).
static inline int msdb_jpeg_read_info(const unsigned char *data, unsigned long size,
                                      msdb_jpeg_info *info, char *message) {
    struct jpeg_decompress_struct decoder;
    msdb_jpeg_error error;
    msdb_jpeg_use_errors(&decoder, &error);
    if (setjmp(error.jump)) {
        error.manager.format_message((j_common_ptr)&decoder, message);
        jpeg_destroy_decompress(&decoder);
        return 1;
    }
    jpeg_create_decompress(&decoder);
    jpeg_mem_src(&decoder, data, size);
    jpeg_read_header(&decoder, TRUE);
    info->width = (int)decoder.image_width;
    info->height = (int)decoder.image_height;
    info->components = decoder.num_components;
    info->color_space = (int)decoder.jpeg_color_space;
    jpeg_destroy_decompress(&decoder);
    return 0;
}

/// Decodes the whole image as 8-bit gray (`components` 1) or RGB (3), rows top first, into `pixels`
/// (width × height × components bytes; the caller checked the header first). Returns 0, or 1 with
/// libjpeg's reason in `message`, or 2 when the decoder's output is not the size announced.
static inline int msdb_jpeg_decode(const unsigned char *data, unsigned long size, int components,
                                   unsigned char *pixels, unsigned long capacity, char *message) {
    struct jpeg_decompress_struct decoder;
    msdb_jpeg_error error;
    msdb_jpeg_use_errors(&decoder, &error);
    if (setjmp(error.jump)) {
        error.manager.format_message((j_common_ptr)&decoder, message);
        jpeg_destroy_decompress(&decoder);
        return 1;
    }
    jpeg_create_decompress(&decoder);
    jpeg_mem_src(&decoder, data, size);
    jpeg_read_header(&decoder, TRUE);
    decoder.out_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&decoder);
    unsigned long stride = (unsigned long)decoder.output_width * (unsigned long)components;
    if (decoder.output_components != components || stride * decoder.output_height != capacity) {
        jpeg_destroy_decompress(&decoder);
        return 2;
    }
    while (decoder.output_scanline < decoder.output_height) {
        JSAMPROW row = pixels + (unsigned long)decoder.output_scanline * stride;
        jpeg_read_scanlines(&decoder, &row, 1);
    }
    jpeg_finish_decompress(&decoder);
    jpeg_destroy_decompress(&decoder);
    return 0;
}
