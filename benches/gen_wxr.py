#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of N published posts to stdout, for benches/import.sh.

Each post has Gutenberg blocks (paragraphs with links to other posts, a heading, a list, an image
of the uploads, a gallery shortcode in every tenth), a category, a tag, a comment and a featured
image, so that every stage of the import (blocks, shortcodes, media, links, aliases) has work.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
w = sys.stdout.write
w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench</title>\n<link>https://bench.example</link>\n'
  '<description>A generated export</description>\n<language>en</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n'
  '<wp:author><wp:author_login>jo</wp:author_login><wp:author_display_name>Jo</wp:author_display_name></wp:author>\n')
for i in range(1, n + 1):
    day = f"2024-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
    gallery = '\n\n[gallery ids="1000001,1000002"]' if i % 10 == 0 else ''
    w(f'''<item><title>Post number {i}</title><link>https://bench.example/{day.replace("-", "/")}/post-{i}/</link>
<dc:creator>jo</dc:creator><content:encoded><![CDATA[<!-- wp:paragraph -->
<p>Paragraph one of post {i}, with a <a href="https://bench.example/?p={max(1, i - 1)}">link to the one before</a> and <strong>bold</strong> words. {"Lorem ipsum dolor sit amet. " * 20}</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">What happened</h2>
<!-- /wp:heading -->

<!-- wp:image {{"id":1000001}} -->
<figure class="wp-block-image"><img src="https://bench.example/wp-content/uploads/2024/01/photo-300x200.jpg" alt="A photo" srcset="https://bench.example/wp-content/uploads/2024/01/photo-300x200.jpg 300w"/><figcaption>Caption {i}</figcaption></figure>
<!-- /wp:image -->

<!-- wp:list -->
<ul><li>one</li><li>two <em>three</em></li></ul>
<!-- /wp:list -->{gallery}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{i}</wp:post_id><wp:post_date>{day} 10:00:00</wp:post_date><wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>
<wp:post_name>post-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<category domain="category" nicename="c{i % 20}"><![CDATA[Category {i % 20}]]></category>
<category domain="post_tag" nicename="t{i % 50}"><![CDATA[Tag {i % 50}]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>1000001</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_content><![CDATA[Well done]]></wp:comment_content></wp:comment>
</item>
''')
for aid, name in [(1000001, "photo"), (1000002, "boats")]:
    w(f'''<item><title>{name}</title><link>https://bench.example/?attachment_id={aid}</link><wp:post_id>{aid}</wp:post_id>
<wp:status>inherit</wp:status><wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://bench.example/wp-content/uploads/2024/01/{name}.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/01/{name}.jpg</wp:meta_value></wp:postmeta></item>
''')
w('</channel>\n</rss>\n')
